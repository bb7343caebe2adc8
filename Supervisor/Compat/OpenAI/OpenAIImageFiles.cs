using System.Globalization;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// Serves <c>/v1/images/files/{job_id}/{name}.{png|jpeg|webp}</c>: the stored <c>{name}.png</c> of that job, converted
/// on the fly. Names are checked by the output store, so nothing outside the job's folder is ever read.
/// </summary>
public sealed class OpenAIImageFiles(IOutputStore outputs)
{
    public async Task<OpenAIResult<OpenAIImageFile>> ReadAsync(string jobId, string filename, string? quality, CancellationToken cancellationToken)
    {
        int? parsedQuality = null;
        if (!string.IsNullOrEmpty(quality))
        {
            if (!int.TryParse(quality, NumberStyles.None, CultureInfo.InvariantCulture, out var q) || q > 100)
                return OpenAIErrors.BadRequest("quality", $"quality must be an integer between 0 and 100 (got '{quality}').");
            parsedQuality = q;
        }
        var extension = Path.GetExtension(filename).TrimStart('.');
        var format = string.IsNullOrEmpty(extension) ? null : OpenAIOutputFormatParser.TryFormat(extension);
        var source = Path.ChangeExtension(filename, "png");
        var path = format is null ? null : outputs.ResolveOutput(jobId, source);
        if (path is null)
            return OpenAIErrors.NotFound($"No image '{filename}' for job '{jobId}'.");
        var encoding = OpenAIOutputFormatParser.Parse(OpenAIOutputEncoding.NameOf(format!.Value), parsedQuality);
        var png = await File.ReadAllBytesAsync(path, cancellationToken);
        return new OpenAIImageFile(OpenAIImageEncoder.Encode(png, encoding.Value!), encoding.Value!.ContentType);
    }
}
