using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// Reads <c>/v1/images/edits</c>' multipart form: <c>image</c> (or <c>image[]</c>, as clients send several; the first
/// is used), optional <c>mask</c>, and the text fields of <see cref="OpenAIImageRequestReader"/>. Uploads go through
/// <see cref="ImageInputReader.FromBytes"/>, which decides what is too large (413) or not an image (400).
/// </summary>
public sealed class OpenAIEditFormReader(ImageInputReader images, IOptions<SupervisorOptions> options)
{
    private static readonly string[] ImageFields = ["image", "image[]"];

    public async Task<OpenAIResult<OpenAIEditInput>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return OpenAIErrors.UnsupportedMediaType(
                $"Send /v1/images/edits as multipart/form-data with an 'image' file (got '{request.ContentType ?? "no content type"}').");

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            return new OpenAIFailure(e.StatusCode, new OpenAIErrorDetail(e.Message, OpenAIErrors.InvalidRequest, null,
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : "bad_request"));
        }
        catch (InvalidDataException e)
        {
            return OpenAIErrors.BadRequest(null, $"The multipart form could not be read: {e.Message}", "invalid_form");
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The multipart reader's answer to a body that ends before its closing boundary (a cut upload).
            return OpenAIErrors.BadRequest(null, "The multipart form ended before its closing boundary: the upload was cut short or the boundary is wrong.", "invalid_form");
        }

        var fields = form.Keys.ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        var formFields = new OpenAIFormFields(fields);
        var parsed = OpenAIImageRequestReader.Read(formFields, options.Value.Limits);
        if (parsed.Failure is { } failure)
            return failure;
        Hosting.Http.IgnoredFields.Report(request.HttpContext,
            [.. formFields.Unread([.. ImageFields, "mask"]), .. form.Files.Select(f => f.Name).Where(n => !ImageFields.Contains(n) && n != "mask").Distinct()]);

        var imageFile = ImageFields.Select(name => form.Files.GetFile(name)).FirstOrDefault(f => f is not null);
        if (imageFile is null)
            return fields.ContainsKey("image")
                ? OpenAIErrors.BadRequest("image", "image must be an uploaded file (multipart file part), not a text field.")
                : OpenAIErrors.Missing("image");
        var image = await DecodeAsync("image", imageFile, cancellationToken);
        if (image.Failure is { } imageError)
            return imageError;

        DecodedImage? mask = null;
        if (form.Files.GetFile("mask") is { } maskFile)
        {
            var decodedMask = await DecodeAsync("mask", maskFile, cancellationToken);
            if (decodedMask.Failure is { } maskError)
                return maskError;
            mask = decodedMask.Value;
        }
        return new OpenAIEditInput(parsed.Value!, image.Value!, mask);
    }

    private async Task<OpenAIResult<DecodedImage>> DecodeAsync(string field, IFormFile file, CancellationToken cancellationToken)
    {
        var limit = options.Value.Limits.MaxUploadBytes;
        if (file.Length > limit)
            return new OpenAIFailure(StatusCodes.Status413PayloadTooLarge, new OpenAIErrorDetail(
                $"{field}: the file is {file.Length} bytes; this server takes at most {limit} bytes per image.", OpenAIErrors.InvalidRequest, field, "image_too_large"));
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        var result = images.FromBytes(buffer.ToArray());
        if (!result.Accepted)
            return OpenAIErrors.FromImageInput(field, result.Error!);
        return result.Image!;
    }
}
