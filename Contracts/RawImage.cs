namespace SdSupervised.Contracts;

/// <summary>An input image as raw pixels, row-major, <see cref="Channels"/> bytes per pixel (1 = gray/mask, 3 = RGB, 4 = RGBA).</summary>
public sealed record RawImage
{
    public int Width { get; init; }
    public int Height { get; init; }
    public int Channels { get; init; }
    public byte[] Pixels { get; init; } = [];
}
