namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// The fields of a <c>/v1/images/generations</c> body as <see cref="OpenAIImageRequestReader"/> reads them, for the
/// OpenAPI document: the endpoint reads the body field by field (so each refusal is in OpenAI's shape), and this
/// record names what it reads. A unit test holds the two to the same list of names.
/// </summary>
public record OpenAIImageGenerationBody
{
    public required string Prompt { get; init; }
    /// <summary>Images to make, 1 to Sds:Limits:MaxBatch; default 1.</summary>
    public int? N { get; init; }
    /// <summary>WIDTHxHEIGHT (multiples of 64 within the limits), or "auto" (the model's size).</summary>
    public string? Size { get; init; }
    /// <summary>A catalog model, or an OpenAI model name (dall-e-2, dall-e-3, gpt-image-1) for the default model.</summary>
    public string? Model { get; init; }
    /// <summary>b64_json or url.</summary>
    public string? ResponseFormat { get; init; }
    /// <summary>png, jpeg or webp.</summary>
    public string? OutputFormat { get; init; }
    /// <summary>JPEG/WebP quality, 0 to 100.</summary>
    public int? OutputCompression { get; init; }
    /// <summary>Must be false or absent: streaming is not supported.</summary>
    public bool? Stream { get; init; }
    /// <summary>Extension: what the image should not show.</summary>
    public string? NegativePrompt { get; init; }
    /// <summary>Extension: sampling steps.</summary>
    public int? Steps { get; init; }
    /// <summary>Extension: the seed, -1 for random.</summary>
    public long? Seed { get; init; }
    /// <summary>Extension: classifier-free guidance scale.</summary>
    public float? CfgScale { get; init; }
    /// <summary>Extension, edits without a mask: how far from the input image to go, 0 to 1 (default 0.75).</summary>
    public float? Strength { get; init; }
}
