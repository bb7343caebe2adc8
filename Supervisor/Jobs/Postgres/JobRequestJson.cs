using System.Text.Json;

namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>The job's request as one JSON document (params_json), shaped as the SQLite store writes it.</summary>
internal static class JobRequestJson
{
    public static string Serialize(Job job) => job.Type switch
    {
        JobType.Convert => JsonSerializer.Serialize(job.Convert ?? throw new InvalidOperationException($"convert job {job.Id} has no convert parameters"), JobJson.Options),
        JobType.Upscale => JsonSerializer.Serialize(job.Upscale ?? throw new InvalidOperationException($"upscale job {job.Id} has no upscale parameters"), JobJson.Options),
        JobType.Video => JsonSerializer.Serialize(job.Video ?? throw new InvalidOperationException($"video job {job.Id} has no video parameters"), JobJson.Options),
        _ => JsonSerializer.Serialize(job.Parameters, JobJson.Options),
    };

    public static Job Apply(Job job, string json) => job.Type switch
    {
        JobType.Convert => job with { Convert = Deserialize<ConvertParameters>(json, job.Id) },
        JobType.Upscale => job with { Upscale = Deserialize<UpscaleParameters>(json, job.Id) },
        JobType.Video => job with { Video = Deserialize<VideoParameters>(json, job.Id) },
        _ => job with { Parameters = Deserialize<GenerationParameters>(json, job.Id) },
    };

    private static T Deserialize<T>(string json, string id) where T : class =>
        JsonSerializer.Deserialize<T>(json, JobJson.Options)
        ?? throw new InvalidDataException($"Job {id} has null params_json in the job store.");
}
