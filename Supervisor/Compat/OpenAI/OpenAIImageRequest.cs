namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// A <c>/v1/images/generations</c> or <c>/v1/images/edits</c> request once read and checked for shape. The last six
/// fields are this server's extensions (OpenAI has no such parameters); null leaves the server's default.
/// </summary>
public sealed record OpenAIImageRequest
{
    public required string Prompt { get; init; }
    public int N { get; init; } = 1;
    /// <summary>Null: "auto" (the model's recommended size; for edits, the input image's).</summary>
    public ImageSize? Size { get; init; }
    /// <summary>As sent; <see cref="OpenAIModelNames"/> decides whether it means the default.</summary>
    public string? Model { get; init; }
    public OpenAIResponseFormat ResponseFormat { get; init; } = OpenAIResponseFormat.B64Json;
    public OpenAIOutputEncoding Encoding { get; init; } = OpenAIOutputEncoding.Png;

    public string? NegativePrompt { get; init; }
    public int? Steps { get; init; }
    /// <summary>-1: random.</summary>
    public long? Seed { get; init; }
    public float? CfgScale { get; init; }
    /// <summary>Edits without a mask (img2img): how far from the input image to go, 0..1.</summary>
    public float? Strength { get; init; }
    /// <summary>Test servers only (<c>--allow-fault-injection</c>, checked by the generation service): a worker fault to inject.</summary>
    public string? Fault { get; init; }
}
