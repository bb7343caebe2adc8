using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Api.Workers;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Api.System;

public sealed class SystemRestartRequest
{
    /// <summary>Restart only this worker; null restarts all of them, one after another.</summary>
    public string? WorkerId { get; set; }
}

public sealed record SystemRestartResponse(string Status, IReadOnlyList<string> Workers);

/// <summary><c>POST /api/system/restart</c>: graceful restart of the workers (or of <c>worker_id</c>); the API keeps serving.</summary>
public sealed class SystemRestartEndpoint(WorkerManagement workers, Cluster.WorkerCommandRouter router, Cluster.ClusterView cluster) : Endpoint<SystemRestartRequest, SystemRestartResponse>
{
    public override void Configure()
    {
        Post("/system/restart");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        // The body is optional: a bare `curl -X POST` restarts every worker.
        Description(b => b.ClearDefaultAccepts().Produces<SystemRestartResponse>(StatusCodes.Status202Accepted).Produces(StatusCodes.Status409Conflict));
        Summary(s => s.Summary = "Restart all workers, or one, gracefully");
    }

    public override async Task HandleAsync(SystemRestartRequest req, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(req.WorkerId))
        {
            await Send.ResponseAsync(new SystemRestartResponse("restarting", workers.RestartAll()), StatusCodes.Status202Accepted, ct);
            return;
        }
        var id = req.WorkerId.Trim();
        if (WorkerApiResults.Refusal(await router.RunAsync(id, Supervisor.Jobs.Postgres.WorkerCommandKind.Restart, ct), id, cluster) is { } refused)
            await Send.ResultAsync(refused);
        else
            await Send.ResponseAsync(new SystemRestartResponse("restarting", [id]), StatusCodes.Status202Accepted, ct);
    }
}
