using FastEndpoints;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Api.Workers;

public sealed record RestartWorkerResponse(string WorkerId, string Status);

/// <summary>
/// <c>POST /api/workers/{id}/restart</c>: graceful restart in the background. The slot takes no new job, its running
/// job may finish within Sds:Resilience:ShutdownGraceSeconds (else it is requeued uncharged), then a new worker starts.
/// </summary>
public sealed class RestartWorkerEndpoint(WorkerManagement workers) : EndpointWithoutRequest<RestartWorkerResponse>
{
    public override void Configure()
    {
        Post("/api/workers/{id}/restart");
        AllowAnonymous();
        Summary(s => s.Summary = "Restart one worker gracefully");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        switch (workers.Restart(id))
        {
            case WorkerCommandResult.NotFound:
                await Send.ResultAsync(WorkerApiResults.UnknownWorker(id));
                break;
            case WorkerCommandResult.AlreadyRestarting:
                await Send.ResultAsync(WorkerApiResults.AlreadyRestarting(id));
                break;
            default:
                await Send.ResponseAsync(new RestartWorkerResponse(id, "restarting"), StatusCodes.Status202Accepted, ct);
                break;
        }
    }
}
