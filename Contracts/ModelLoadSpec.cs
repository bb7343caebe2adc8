namespace SdSupervised.Contracts;

/// <summary>Everything needed to build one native context. Paths are absolute and already resolved by the supervisor.</summary>
public sealed record ModelLoadSpec
{
    /// <summary>Stable name of the model (catalog id); the worker reports it back while loaded.</summary>
    public string ModelId { get; init; } = "";
    public string? ModelPath { get; init; }
    public string? DiffusionModelPath { get; init; }
    public string? VaePath { get; init; }
    public string? TaesdPath { get; init; }
    public string? ClipLPath { get; init; }
    public string? ClipGPath { get; init; }
    public string? T5xxlPath { get; init; }
    public string? LlmPath { get; init; }
    public string? ControlNetPath { get; init; }
    public string? PhotoMakerPath { get; init; }
    public EmbeddingSpec[] Embeddings { get; init; } = [];
    public string? WeightType { get; init; }
    public bool FlashAttention { get; init; }
    public bool OffloadParamsToCpu { get; init; }
    public bool ClipOnCpu { get; init; }
    public bool VaeOnCpu { get; init; }
    public bool VaeTiling { get; init; }
    /// <summary>-1 lets the engine choose.</summary>
    public int Threads { get; init; } = -1;

    // Protocol 2. Null keeps the worker's or the library's default.

    public string? ClipVisionPath { get; init; }
    public string? LlmVisionPath { get; init; }
    public string? HighNoiseDiffusionModelPath { get; init; }
    public bool ControlNetOnCpu { get; init; }
    /// <summary>Memory-map the weights files (the library's default is off).</summary>
    public bool? EnableMmap { get; init; }
    /// <summary>Load every weight at load time; null: the worker's default (on, so a bad file fails the load, not a generation).</summary>
    public bool? EagerLoad { get; init; }

    /// <summary>
    /// Additive, optional: the supervisor could not tell the architecture (a <c>.ckpt</c>/<c>.pt</c> pickle, say), so
    /// when loading <see cref="ModelPath"/> fails the worker tries the same file as <see cref="DiffusionModelPath"/>,
    /// and a load failure then names both reasons. False (the default, and what older supervisors send): one try.
    /// </summary>
    public bool FallbackToDiffusionModelPath { get; init; }

    /// <summary>Additive, optional: the supervisor span this call continues; null when tracing is off.</summary>
    public TraceContext? Trace { get; init; }
}

public sealed record EmbeddingSpec
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
}
