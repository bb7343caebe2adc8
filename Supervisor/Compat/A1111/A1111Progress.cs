using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A1111's <c>GET /sdapi/v1/progress</c> answer.</summary>
public sealed record A1111Progress(
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("eta_relative")] double EtaRelative,
    [property: JsonPropertyName("state")] A1111ProgressState State,
    [property: JsonPropertyName("current_image")] string? CurrentImage,
    [property: JsonPropertyName("textinfo")] string? TextInfo,
    [property: JsonPropertyName("current_task")] string? CurrentTask);

/// <summary>A1111's <c>shared.state</c>, filled from the running job.</summary>
public sealed record A1111ProgressState(
    [property: JsonPropertyName("skipped")] bool Skipped,
    [property: JsonPropertyName("interrupted")] bool Interrupted,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("job_count")] int JobCount,
    [property: JsonPropertyName("job_timestamp")] string JobTimestamp,
    [property: JsonPropertyName("job_no")] int JobNo,
    [property: JsonPropertyName("sampling_step")] int SamplingStep,
    [property: JsonPropertyName("sampling_steps")] int SamplingSteps);
