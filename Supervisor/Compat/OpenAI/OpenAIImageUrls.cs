using System.Globalization;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// The absolute URLs of <c>response_format: "url"</c>. PNGs are the stored files, served by the outputs route; JPEG
/// and WebP are converted on request by <c>/v1/images/files</c>, with the quality in the query, so nothing extra is stored.
/// </summary>
public static class OpenAIImageUrls
{
    public const string FilesRoute = "/v1/images/files";
    /// <summary><see cref="FilesRoute"/> inside the <c>/v1</c> group (a literal too: the route scanner reads consts, not expressions).</summary>
    public const string FilesPath = "/images/files";

    public static string For(string baseUrl, string jobId, string pngFilename, OpenAIOutputEncoding encoding)
    {
        var root = baseUrl.TrimEnd('/');
        var job = Uri.EscapeDataString(jobId);
        if (encoding.Format == ImageFormat.Png)
            return $"{root}/api/v1/jobs/{job}/output/{Uri.EscapeDataString(pngFilename)}";
        var converted = Path.ChangeExtension(pngFilename, encoding.Name);
        return $"{root}{FilesRoute}/{job}/{Uri.EscapeDataString(converted)}?quality={encoding.Quality.ToString(CultureInfo.InvariantCulture)}";
    }
}
