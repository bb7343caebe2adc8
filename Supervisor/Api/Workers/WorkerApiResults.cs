using Microsoft.AspNetCore.Http.HttpResults;

namespace SdSupervised.Supervisor.Api.Workers;

/// <summary>The worker endpoints' refusals in the API's one error shape.</summary>
public static class WorkerApiResults
{
    public static JsonHttpResult<ApiError> UnknownWorker(string workerId) =>
        ApiResults.NotFound($"no worker '{workerId}' (GET /api/workers lists them)");

    public static JsonHttpResult<ApiError> AlreadyRestarting(string workerId) =>
        ApiResults.Conflict($"worker '{workerId}' is already restarting");
}
