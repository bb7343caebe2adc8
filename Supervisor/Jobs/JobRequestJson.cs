using System.Text.Json;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A job's request as the one JSON document both stores keep (params_json): the request's own fields with its
/// <c>kind</c> first, in the stored-data convention of <see cref="JobJson"/>.
/// </summary>
internal static class JobRequestJson
{
    public static string Serialize(Job job)
    {
        if (!job.Request.Fits(job.Type))
            throw new InvalidOperationException($"job {job.Id} is stored as {JobJson.EnumName(job.Type)} but holds a {job.Request.GetType().Name}");
        return JsonSerializer.Serialize(job.Request, JobJson.Options);
    }

    /// <summary>Reads params_json of a job stored as <paramref name="type"/>; a kind that does not fit the type is corrupt data.</summary>
    public static JobRequest Deserialize(string json, JobType type, string jobId)
    {
        JobRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<JobRequest>(json, JobJson.Options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // No kind, or one this build does not know: the row was written by something else, or damaged.
            throw new InvalidDataException($"Job {jobId}'s params_json cannot be read as a job request: {ex.Message}", ex);
        }
        if (request is null)
            throw new InvalidDataException($"Job {jobId} has null params_json in the job store.");
        return request.Fits(type)
            ? request
            : throw new InvalidDataException($"Job {jobId} is stored as {JobJson.EnumName(type)} but its params_json is a {request.GetType().Name}.");
    }

    /// <summary>
    /// The SQL expression (both stores' dialect) for the <c>kind</c> of a row written before the request was
    /// polymorphic, from its type column; the migrations put it first in params_json.
    /// </summary>
    public const string KindOfTypeSql =
        "CASE type WHEN 'video' THEN 'video' WHEN 'upscale' THEN 'upscale' WHEN 'convert' THEN 'convert' ELSE 'image' END";
}
