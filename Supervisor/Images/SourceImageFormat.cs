namespace SdSupervised.Supervisor.Images;

/// <summary>The formats an input image may arrive in (decoding); <see cref="ImageFormat"/> is what we encode.</summary>
public enum SourceImageFormat
{
    Png,
    Jpeg,
    Webp,
    Gif,
    Bmp,
}
