namespace SdSupervised.Supervisor.Api.Image;

/// <summary>An image utility's result: the encoded image in base64, its size and format.</summary>
public sealed record ImageResponse(string Image, int Width, int Height, string Format);
