using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Supervisor.Api.Workers;

public sealed record RestartWorkerResponse(string WorkerId, string Status);

/// <summary>
/// <c>POST /api/workers/{id}/restart</c>: graceful restart in the background. The slot takes no new job, its running
/// job may finish within Sds:Resilience:ShutdownGraceSeconds (else it is requeued uncharged), then a new worker starts.
/// Another node's worker (<c>w0@node-b</c>) is restarted by that node, through the database.
/// </summary>
public sealed class RestartWorkerEndpoint(WorkerCommandRouter workers, ClusterView cluster) : EndpointWithoutRequest<RestartWorkerResponse>
{
    public override void Configure()
    {
        Post("/workers/{id}/restart");
        Description(b => b.Produces<RestartWorkerResponse>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Restart one worker gracefully");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (WorkerApiResults.Refusal(await workers.RunAsync(id, WorkerCommandKind.Restart, ct), id, cluster) is { } refused)
            await Send.ResultAsync(refused);
        else
            await Send.ResponseAsync(new RestartWorkerResponse(id, "restarting"), StatusCodes.Status202Accepted, ct);
    }
}
