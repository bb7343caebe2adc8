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

    public DecodedImage? this[string field] => _images.GetValueOrDefault(field);
}
