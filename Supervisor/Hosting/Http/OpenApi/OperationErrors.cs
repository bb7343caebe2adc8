using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// The one table of the error statuses an operation documents, from its <see cref="OperationShape"/>, and the body each
/// family answers them with: <see cref="ApiError"/> for the seed API, <see cref="A1111ErrorBody"/> under <c>/sdapi</c>
/// (FastAPI's <c>detail</c> added), <see cref="OpenAIErrorBody"/> under <c>/v1</c>. Statuses only one endpoint answers
/// (409 for a running job, 401 from login) are declared on that endpoint with <c>Description(b =&gt; b.Produces(409))</c>
/// and get the family's body too.
/// </summary>
public static class OperationErrors
{
    public static Type BodyOf(ApiFamily family) => family switch
    {
        ApiFamily.A1111 => typeof(A1111ErrorBody),
        ApiFamily.OpenAI => typeof(OpenAIErrorBody),
        _ => typeof(ApiError),
    };

    public static IReadOnlyList<(int Status, string Description)> For(OperationShape shape)
    {
        var list = new List<(int, string)>();
        // A1111 answers bad input 422, as FastAPI does; OpenAI and the seed API 400.
        var invalid = shape.Family == ApiFamily.A1111 ? 422 : 400;
        if (shape.HasInput) list.Add((invalid, "Invalid input: error `validation_failed` (with `errors` per field), `malformed_json` or `bad_request`."));
        if (shape.Protected)
        {
            list.Add((401, "Authentication is on and the request carries no valid credentials; `WWW-Authenticate` says how to send them."));
            list.Add((403, "The principal lacks the role this route needs, or the job belongs to another user."));
        }
        if (shape.HasPathParameters) list.Add((404, "Not found: error `not_found`."));
        if (shape.WaitsForJob) list.Add((409, "The job was cancelled before it finished."));
        if (shape.HasBody) list.Add((413, "Body (or an uploaded image) larger than Sds:Limits:MaxRequestBodyBytes / MaxUploadBytes: error `payload_too_large`."));
        if (shape.HasBody && (shape.RequiresJson || shape.Family == ApiFamily.OpenAI))
            list.Add((415, "Body sent without the content type the route reads: error `unsupported_media_type`."));
        if (shape.SubmitsJobs)
        {
            if (invalid != 422) list.Add((422, "No worker can run it (`no_worker_for_model`, `too_large_for_devices`) or a tool it needs is missing."));
            list.Add((429, "The queue is full (Sds:Limits:MaxQueueLength) or the caller holds too many jobs; `Retry-After` says when to try again."));
        }
        list.Add((500, "Unexpected server error (or, for a job run and waited for, the job failed): error `internal_error` with the `request_id` to find in the log."));
        if (shape.SubmitsJobs) list.Add((503, "The server is shutting down, or the job store is unreachable; `Retry-After` says when to try again."));
        if (shape.WaitsForJob) list.Add((504, "The job did not finish within Sds:SyncWaitSeconds; it keeps running under its id."));
        if (shape.SubmitsJobs) list.Add((507, "The data dir's disk is short of space (under Sds:Storage:MinFreeBytes, or a write failed for lack of space): error `storage_full`; `Retry-After` says when to try again."));
        return [.. list.OrderBy(e => e.Item1)];
    }

    /// <summary>The text of a status an endpoint declares without one.</summary>
    public static string Describe(int status) => status switch
    {
        400 => "Invalid input.",
        401 => "Not authenticated.",
        403 => "Forbidden.",
        404 => "Not found.",
        405 => "Method not allowed on this path; `Allow` names the ones that are.",
        409 => "Conflict with the resource's state.",
        413 => "Too large.",
        415 => "Unsupported media type.",
        422 => "Unprocessable.",
        429 => "Too many requests; `Retry-After` says when to try again.",
        503 => "Unavailable for now; `Retry-After` says when to try again.",
        _ => "Error.",
    };
}
