using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Supervisor.Api.Workers;

/// <summary><c>POST /api/workers/{id}/drain</c>: the worker finishes its current job and takes no more until enabled.</summary>
public sealed class DrainWorkerEndpoint(WorkerCommandRouter workers, ClusterView cluster) : EndpointWithoutRequest<WorkerDrainResponse>
{
    public override void Configure()
    {
        Post("/workers/{id}/drain");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Stop giving a worker new jobs");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (WorkerApiResults.Refusal(await workers.RunAsync(id, WorkerCommandKind.Drain, ct), id, cluster) is { } refused)
            await Send.ResultAsync(refused);
        else
            await Send.OkAsync(new WorkerDrainResponse(id, true), ct);
    }
}
