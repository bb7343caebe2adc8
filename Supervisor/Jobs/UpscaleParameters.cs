namespace SdSupervised.Supervisor.Jobs;

/// <summary>An upscale request after validation, stored with the job and echoed as <c>params</c>.</summary>
public sealed record UpscaleParameters : JobRequest
{
    /// <summary>File name of the source image in the job's input folder.</summary>
    public string Image { get; init; } = "";
    /// <summary>ESRGAN model by catalog id; null on the synthetic engine's built-in upscaler.</summary>
    public string? EsrganModel { get; init; }
    /// <summary>Null: the model's own factor.</summary>
    public int? UpscaleFactor { get; init; }
    public int SourceWidth { get; init; }
    public int SourceHeight { get; init; }

    public override bool Fits(JobType type) => type == JobType.Upscale;

    public override string OutOfMemoryContext() =>
        $"upscaling {SourceWidth}x{SourceHeight}{(UpscaleFactor is { } f ? $" by {f}x" : "")}";

    public override string OutOfMemoryAdvice() => "try a smaller image or factor";
}
