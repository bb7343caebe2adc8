using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Supervisor.Api.Workers;

/// <summary><c>POST /api/workers/{id}/enable</c>: a drained worker takes jobs again.</summary>
public sealed class EnableWorkerEndpoint(WorkerCommandRouter workers, ClusterView cluster) : EndpointWithoutRequest<WorkerDrainResponse>
{
    public override void Configure()
    {
        Post("/workers/{id}/enable");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Give a drained worker jobs again");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<string>("id")!;
        if (WorkerApiResults.Refusal(await workers.RunAsync(id, WorkerCommandKind.Enable, ct), id, cluster) is { } refused)
            await Send.ResultAsync(refused);
        else
            await Send.OkAsync(new WorkerDrainResponse(id, false), ct);
    }
}
