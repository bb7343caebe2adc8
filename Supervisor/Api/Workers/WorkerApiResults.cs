using Microsoft.AspNetCore.Http.HttpResults;

namespace SdSupervised.Supervisor.Api.Workers;

/// <summary>The worker endpoints' refusals in the API's one error shape.</summary>
public static class WorkerApiResults
{
    public static JsonHttpResult<ApiError> UnknownWorker(string workerId) =>
        ApiResults.NotFound($"no worker '{workerId}' (GET /api/workers lists them)");

    public static JsonHttpResult<ApiError> AlreadyRestarting(string workerId) =>
        ApiResults.Conflict($"worker '{workerId}' is already restarting");

    /// <summary>The refusal of a worker command (404 unknown, 409 already restarting), or null when it was done.</summary>
    public static JsonHttpResult<ApiError>? Refusal(Operations.WorkerCommandResult result, string workerId) => result switch
    {
        Operations.WorkerCommandResult.NotFound => UnknownWorker(workerId),
        Operations.WorkerCommandResult.AlreadyRestarting => AlreadyRestarting(workerId),
        _ => null,
    };
}
