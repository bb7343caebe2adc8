namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>Which error statuses an operation documents, from what it takes as input and what it does.</summary>
public static class ApiErrorResponses
{
    /// <param name="hasInput">a request DTO or route parameters: can be invalid</param>
    /// <param name="hasPathParameters">names a resource that may not exist</param>
    /// <param name="hasBody">reads a body, so the size limit applies</param>
    /// <param name="requiresJson">under /api, where a body without a JSON content type gets 415</param>
    /// <param name="queuesJobs">submits a job, refused with 429 while the queue is full and 507 while the disk is</param>
    /// <param name="compatibility">an OpenAI or AUTOMATIC1111 route: its endpoints answer errors in that API's shape, so only
    /// what this server's HTTP layer writes itself (413, 500) is documented as <c>ApiError</c></param>
    public static IReadOnlyList<(int Status, string Description)> For(bool hasInput, bool hasPathParameters, bool hasBody, bool requiresJson, bool queuesJobs,
        bool compatibility = false)
    {
        var list = new List<(int, string)>();
        if (compatibility)
        {
            if (hasBody) list.Add((413, "Body larger than Sds:Limits:MaxRequestBodyBytes: error `payload_too_large`."));
            list.Add((500, "Unexpected server error: error `internal_error`, with the `request_id` to find in the log."));
            return list;
        }
        if (hasInput) list.Add((400, "Invalid input: error `validation_failed` (with `errors` per field), `malformed_json` or `bad_request`."));
        if (hasPathParameters) list.Add((404, "Not found: error `not_found`."));
        if (hasBody) list.Add((413, "Body larger than Sds:Limits:MaxRequestBodyBytes: error `payload_too_large`."));
        if (hasBody && requiresJson) list.Add((415, "Body sent without a JSON content type: error `unsupported_media_type`."));
        if (queuesJobs) list.Add((429, "The queue is full (Sds:Limits:MaxQueueLength); the `Retry-After` header says when to try again."));
        list.Add((500, "Unexpected server error: error `internal_error`, with the `request_id` to find in the log."));
        if (queuesJobs) list.Add((507, "The data dir's disk is short of space (under Sds:Storage:MinFreeBytes, or a write failed for lack of space): error `storage_full`; `Retry-After` says when to try again."));
        return list;
    }
}
