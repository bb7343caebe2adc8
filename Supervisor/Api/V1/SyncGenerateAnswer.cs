using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.V1;

/// <summary>Builds the synchronous answer from a job snapshot: 200 once finished (any outcome), 202 while it still waits or runs.</summary>
public static class SyncGenerateAnswer
{
    public static async Task<(SyncGenerateResponse Body, int Status)> BuildAsync(GenerationService generation, JobSnapshot snapshot, CancellationToken cancellationToken)
    {
        var job = snapshot.Job;
        var p = job.RequestAs<GenerationParameters>();
        var images = job.Status == JobStatus.Completed
            ? (await generation.ReadImagesAsync(job, cancellationToken)).Select(i => new SyncImage(Convert.ToBase64String(i.Png), i.Seed,
                new SyncImageParameters(p.Prompt, p.NegativePrompt, p.Model, p.Width, p.Height, p.Steps, p.CfgScale, i.Seed, p.BatchCount), i.Infotext)).ToList()
            : [];
        double? seconds = job is { StartedAt: { } started, CompletedAt: { } completed } ? Math.Round((completed - started).TotalSeconds, 3) : null;
        var body = new SyncGenerateResponse(job.Id, job.Status, images, seconds, job.Status == JobStatus.Queued ? snapshot.Position : null,
            job.Error is { } e ? new Jobs.ErrorResponse(e.Kind, e.Message) : null);
        return (body, job.IsFinished ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }
}
