using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Reads an image field of a request: base64 (optionally a data: URL) or an http(s) URL fetched SSRF-safely.
/// Sizes are checked before decoding (<c>Limits:MaxUploadBytes</c>, then <c>Limits:MaxInputPixels</c> from the header).
/// </summary>
public sealed class ImageInputReader(IImageDownloader downloader, IOptions<SupervisorOptions> options)
{
    private readonly LimitsOptions _limits = options.Value.Limits;

    public async Task<ImageInputResult> ReadAsync(string value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(value)) return Refused(ImageInputErrors.Invalid("the image is empty; send base64, a data: URL or an http(s) URL."));
        var text = value.Trim();
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || !LooksLikeUrl(text)) return FromBase64(text);
        return await ReadUrlAsync(text, cancellationToken);
    }

    /// <summary>An http(s) URL only (the download endpoint): base64 or any other scheme is refused.</summary>
    public async Task<ImageInputResult> ReadUrlAsync(string value, CancellationToken cancellationToken)
    {
        var text = value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
            return Refused(ImageInputErrors.NotAllowed($"'{Shorten(text)}' is not an absolute http(s) URL."));

        // The downloader checks (and logs) the scheme, at this hop and every redirect.
        var download = await downloader.DownloadAsync(url, cancellationToken);
        return download.Error is not null ? Refused(download.Error) : FromBytes(download.Bytes!);
    }

    /// <summary>Base64 text, bare or a data: URL.</summary>
    public ImageInputResult FromBase64(string value)
    {
        var (bytes, error) = Base64ImageParser.Parse(value, _limits.MaxUploadBytes);
        return error is not null ? Refused(error) : FromBytes(bytes!);
    }

    /// <summary>Bytes already received (multipart upload): size limit, then decode.</summary>
    public ImageInputResult FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.LongLength > _limits.MaxUploadBytes)
            return Refused(ImageInputErrors.BytesOverLimit("the image", bytes.LongLength, _limits.MaxUploadBytes));

        var decoded = ImageCodec.Decode(bytes, _limits.MaxInputPixels);
        if (decoded.Image is null)
        {
            var error = decoded.TooLarge ? ImageInputErrors.TooLarge(decoded.Error!) : ImageInputErrors.Invalid(decoded.Error!);
            return Refused(error);
        }
        return new ImageInputResult(bytes, decoded.Image, null) { Format = decoded.Format };
    }

    /// <summary>
    /// Base64 has no ':', so anything with a scheme-like prefix is a URL (and refused unless http/https);
    /// this keeps <c>file:///etc/passwd</c> from being reported as bad base64.
    /// </summary>
    private static bool LooksLikeUrl(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        for (var i = 0; i < colon; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.')))) return false;
        }
        return true;
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";

    private static ImageInputResult Refused(ImageInputError error) => new(null, null, error);
}
