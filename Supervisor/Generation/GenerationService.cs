using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation;

/// <summary>STUB (being implemented): the one path every API family submits image jobs through.</summary>
public sealed class GenerationService
{
    /// <summary>Validates (limits, samplers, models, LoRAs, images), stores the input images and queues the job.</summary>
    public Task<SubmitResult> SubmitAsync(GenerationDraft draft, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The same checks as <see cref="SubmitAsync"/>, without a job (Job is null when accepted).</summary>
    public Task<SubmitResult> ValidateAsync(GenerationDraft draft, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The job once finished, or its latest state when <paramref name="timeout"/> passes first; null if unknown.</summary>
    public Task<JobSnapshot?> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>A finished job's images: PNG bytes as stored (with the A1111 <c>parameters</c> chunk), seed and infotext, in order.</summary>
    public Task<IReadOnlyList<StoredImage>> ReadImagesAsync(Job job, CancellationToken cancellationToken) => throw new NotImplementedException();
}

/// <summary>One output image of a finished job.</summary>
public sealed record StoredImage(string Filename, byte[] Png, long Seed, int Width, int Height, string Infotext);
