using System.Collections.Immutable;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A job as stored. Immutable: every transition makes a new value with <c>with</c> and is persisted
/// by <see cref="IJobStore.UpdateAsync"/>. Progress is not part of it (it is live state, not durable).
/// </summary>
public sealed record Job
{
    public required string Id { get; init; }
    /// <summary>FIFO order; assigned by the store on insert.</summary>
    public long Sequence { get; init; }
    public JobType Type { get; init; } = JobType.Text2Img;
    public JobStatus Status { get; init; } = JobStatus.Queued;
    /// <summary>An image generation job's request (text2img, img2img, inpainting, controlnet); convert and upscale jobs keep the defaults here and its request in <see cref="Convert"/>.</summary>
    public required GenerationParameters Parameters { get; init; }
    /// <summary>A convert job's request; null for every other type.</summary>
    public ConvertParameters? Convert { get; init; }
    /// <summary>An upscale job's request; null for every other type.</summary>
    public UpscaleParameters? Upscale { get; init; }
    /// <summary>A video job's request; null for every other type.</summary>
    public VideoParameters? Video { get; init; }
    /// <summary>How many times a worker started running this job.</summary>
    public int Attempts { get; init; }
    public ImmutableList<JobFailure> Failures { get; init; } = [];
    public JobError? Error { get; init; }
    public ImmutableList<JobOutput> Outputs { get; init; } = [];
    /// <summary>One entry per attempt that ended (requeued or finished), in order.</summary>
    public ImmutableList<AttemptTimings> Timings { get; init; } = [];
    /// <summary>The worker running it, or that ran it last.</summary>
    public string? WorkerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Who submitted it (null when authentication is off, and for model conversions, which only admins start).</summary>
    public string? Owner => Type switch
    {
        JobType.Upscale => Upscale?.Owner,
        JobType.Video => Video?.Owner,
        JobType.Convert => null,
        _ => Parameters.Owner,
    };

    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>New URL-safe, time-ordered id.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
