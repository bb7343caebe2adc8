namespace SdSupervised.Supervisor.Images;

/// <summary>Decoded pixels: RGBA, 8 bits per channel, unpremultiplied, row-major, <c>Width * 4</c> bytes per row.</summary>
public sealed record DecodedImage(int Width, int Height, byte[] Rgba);
