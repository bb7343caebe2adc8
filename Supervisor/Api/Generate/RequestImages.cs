using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>Reads the image fields of a seed request; the first unreadable one ends the request with its error.</summary>
public sealed class RequestImages(ImageInputReader reader)
{
    private readonly Dictionary<string, DecodedImage?> _images = [];

    public (string Field, ImageInputError Error)? Failure { get; private set; }

    /// <summary>Reads <paramref name="value"/> unless empty or an earlier field failed; false once anything failed.</summary>
    public async Task<bool> ReadAsync(string field, string? value, CancellationToken cancellationToken)
    {
        if (Failure is not null)
            return false;
        if (string.IsNullOrWhiteSpace(value))
        {
            _images[field] = null;
            return true;
        }
        var result = await reader.ReadAsync(value, cancellationToken);
        if (!result.Accepted)
        {
            Failure = (field, result.Error!);
            return false;
        }
        _images[field] = result.Image;
        return true;
    }

    /// <summary>Reads each of <paramref name="values"/> (errors name <c>field[i]</c>); false once anything failed. Blank entries are an error.</summary>
    public async Task<(bool Read, IReadOnlyList<DecodedImage> Images)> ReadListAsync(string field, IReadOnlyList<string>? values, CancellationToken cancellationToken)
    {
        var images = new List<DecodedImage>();
        if (Failure is not null)
            return (false, images);
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var name = $"{field}[{i}]";
            if (string.IsNullOrWhiteSpace(values![i]))
            {
                Failure = (name, ImageInputErrors.Invalid($"{name} is empty: give an image (base64, a data: URL or an http(s) URL)."));
                return (false, images);
            }
            if (!await ReadAsync(name, values[i], cancellationToken))
                return (false, images);
            images.Add(this[name]!);
        }
        return (true, images);
    }

    /// <summary>The image lists every generation request takes (<c>ref_images</c>, <c>pm_id_images</c>) added to <paramref name="draft"/>, or null when one could not be read.</summary>
    public async Task<Generation.GenerationDraft?> WithImageListsAsync(Generation.GenerationDraft draft, GenerationRequest req, CancellationToken cancellationToken)
    {
        var (refRead, refImages) = await ReadListAsync("ref_images", req.RefImages, cancellationToken);
        var (pmRead, pmImages) = await ReadListAsync("pm_id_images", req.PmIdImages, cancellationToken);
        return refRead && pmRead ? draft with { RefImages = refImages, PmIdImages = pmImages } : null;
    }

    public DecodedImage? this[string field] => _images.GetValueOrDefault(field);
}
