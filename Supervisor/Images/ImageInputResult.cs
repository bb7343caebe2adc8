namespace SdSupervised.Supervisor.Images;

/// <summary>An image a request sent (inline or by URL): its bytes as received and decoded, or why it was refused.</summary>
public sealed record ImageInputResult(byte[]? Bytes, DecodedImage? Image, ImageInputError? Error)
{
    public bool Accepted => Error is null;

    /// <summary>The format the bytes were sniffed as (set when accepted).</summary>
    public SourceImageFormat? Format { get; init; }
}

/// <summary>A refused input image: a 4xx status, a stable code and a message naming the problem.</summary>
public sealed record ImageInputError(int Status, string Code, string Message);
