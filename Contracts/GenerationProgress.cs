namespace SdSupervised.Contracts;

/// <summary>Progress reported while a worker loads a model or samples an image.</summary>
public sealed record GenerationProgress
{
    public ProgressPhase Phase { get; init; }
    /// <summary>Steps done in this phase (1-based once the first step finished).</summary>
    public int Step { get; init; }
    public int Steps { get; init; }
    /// <summary>0-based index of the image in the batch being sampled.</summary>
    public int BatchIndex { get; init; }
    /// <summary>Measured duration of the last step, seconds.</summary>
    public double SecondsPerStep { get; init; }
    /// <summary>Protocol 2: a small picture of the image being sampled, when the spec asked for previews (else null).</summary>
    public RawImage? Preview { get; init; }
}

public enum ProgressPhase
{
    LoadingModel,
    Sampling,
    Decoding,
    /// <summary>Protocol 2: an <see cref="IWorkerRpc.UpscaleAsync"/> call (tiles done / tiles).</summary>
    Upscaling,
    /// <summary>Protocol 2: a <see cref="IWorkerRpc.ConvertAsync"/> call (tensors written / tensors).</summary>
    Converting,
}
