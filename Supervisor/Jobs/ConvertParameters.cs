namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A model conversion after validation, stored with the job and echoed as <c>params</c> in the API. Paths are
/// relative to the models directory ('/'-separated) and were checked not to leave it.
/// </summary>
public sealed record ConvertParameters : JobRequest
{
    /// <summary>Catalog id of the model converted.</summary>
    public string ModelId { get; init; } = "";
    public string Input { get; init; } = "";
    /// <summary>The library's type name, lower case (q8_0, q4_k, f16, ...).</summary>
    public string OutputType { get; init; } = "";
    public string Output { get; init; } = "";
    /// <summary>A separate VAE baked into the output, or null.</summary>
    public string? Vae { get; init; }

    public override bool Fits(JobType type) => type == JobType.Convert;

    public override string OutOfMemoryContext() => $"converting '{Input}' to {OutputType}";
}
