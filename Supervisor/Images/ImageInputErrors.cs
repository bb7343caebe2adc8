namespace SdSupervised.Supervisor.Images;

/// <summary>The stable codes of refused input images, and the statuses they answer with.</summary>
public static class ImageInputErrors
{
    public const string UrlNotAllowed = "url_not_allowed";
    public const string InvalidImage = "invalid_image";
    public const string InvalidBase64 = "invalid_base64";
    public const string ImageTooLarge = "image_too_large";
    public const string DownloadFailed = "download_failed";

    public static ImageInputError NotAllowed(string message) => new(StatusCodes.Status400BadRequest, UrlNotAllowed, message);

    public static ImageInputError Invalid(string message) => new(StatusCodes.Status400BadRequest, InvalidImage, message);

    public static ImageInputError BadBase64(string message) => new(StatusCodes.Status400BadRequest, InvalidBase64, message);

    public static ImageInputError TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, ImageTooLarge, message);

    public static ImageInputError Download(string message) => new(StatusCodes.Status422UnprocessableEntity, DownloadFailed, message);

    /// <summary>Over <c>Limits:MaxUploadBytes</c>, with the numbers.</summary>
    public static ImageInputError BytesOverLimit(string what, long bytes, long limit, bool atLeast = false) => TooLarge(
        $"{what} is {(atLeast ? "more than " : "")}{bytes} bytes, over the limit of {limit} bytes (Sds:Limits:MaxUploadBytes).");
}
