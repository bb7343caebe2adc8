namespace SdSupervised.Supervisor.Images;

/// <summary>Fetches an image URL's bytes, or says why not; the seam that lets the reader be tested without a network.</summary>
public interface IImageDownloader
{
    Task<ImageDownloadResult> DownloadAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>The body as received (not yet known to be an image), or the refusal.</summary>
public sealed record ImageDownloadResult(byte[]? Bytes, ImageInputError? Error)
{
    public static ImageDownloadResult Refused(ImageInputError error) => new(null, error);
}
