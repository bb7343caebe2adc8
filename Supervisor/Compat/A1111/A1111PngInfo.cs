using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>POST /sdapi/v1/png-info</c> body.</summary>
public sealed class A1111PngInfoRequest
{
    [JsonPropertyName("image")] public string? Image { get; set; }
}

/// <summary>A1111's answer: the <c>parameters</c> text, every text chunk, and the parsed parameters.</summary>
public sealed record A1111PngInfoResponse(
    [property: JsonPropertyName("info")] string Info,
    [property: JsonPropertyName("items")] IReadOnlyDictionary<string, string> Items,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters);

/// <summary>Reads the generation parameters back out of an image, as A1111's PNG Info tab does.</summary>
public sealed class A1111PngInfo(ImageInputReader images)
{
    public async Task<A1111Result<A1111PngInfoResponse>> ReadAsync(A1111PngInfoRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Image))
            return A1111Result<A1111PngInfoResponse>.Fail(A1111Errors.Invalid("image", "image is required: a PNG as base64 or a data URL."));
        var read = await images.ReadAsync(request.Image, cancellationToken);
        if (!read.Accepted)
            return A1111Result<A1111PngInfoResponse>.Fail(A1111Errors.FromImageError("image", read.Error!));
        var items = A1111PngText.Read(read.Bytes);
        var info = items.GetValueOrDefault("parameters", "");
        return A1111Result<A1111PngInfoResponse>.Ok(new A1111PngInfoResponse(info, items, A1111InfotextParser.Parse(info)));
    }
}
