namespace SdSupervised.Supervisor.Images;

/// <summary>An encoded result of an image utility and what it is.</summary>
public sealed record ImageToolOutput(byte[] Bytes, int Width, int Height, string Format);

/// <summary>
/// An image utility's outcome: the output, or the refusal and the request field it concerns
/// (<c>image</c>/<c>url</c> for the input itself, or the number that did not fit the image).
/// </summary>
public sealed record ImageToolResult(ImageToolOutput? Output, ImageInputError? Error, string? Field)
{
    public static ImageToolResult Ok(ImageToolOutput output) => new(output, null, null);

    public static ImageToolResult Refused(ImageInputError error, string field) => new(null, error, field);

    public static ImageToolResult InvalidField(string field, string message) =>
        new(null, new ImageInputError(StatusCodes.Status400BadRequest, "validation_failed", message), field);
}
