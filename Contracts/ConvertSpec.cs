namespace SdSupervised.Contracts;

/// <summary>Convert (quantize) a model file to GGUF.</summary>
public sealed record ConvertSpec
{
    public string JobId { get; init; } = "";
    public string InputPath { get; init; } = "";
    public string OutputPath { get; init; } = "";
    /// <summary>The library's type name: f32, f16, bf16, q8_0, q5_0, q5_1, q4_0, q4_1, q4_K, q3_K, q2_K, ...</summary>
    public string OutputType { get; init; } = "";
    /// <summary>A separate VAE to bake into the output.</summary>
    public string? VaePath { get; init; }
    /// <summary>Per-tensor type overrides in the library's syntax, e.g. <c>^vae\.=f16</c>.</summary>
    public string? TensorTypeRules { get; init; }

    /// <summary>Additive, optional: the supervisor span this call continues; null when tracing is off.</summary>
    public TraceContext? Trace { get; init; }
}
