using FastEndpoints;
using SdSupervised.Supervisor.Api.System;
using SdSupervised.Supervisor.Status;

namespace SdSupervised.Supervisor.Api.Workers;

public sealed record WorkersResponse(IReadOnlyList<WorkerResponse> Workers);

/// <summary><c>GET /api/workers</c>: every worker slot, as in /api/status.</summary>
public sealed class ListWorkersEndpoint(StatusReporter reporter) : EndpointWithoutRequest<WorkersResponse>
{
    public override void Configure()
    {
        Get("/workers");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Worker slots");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new WorkersResponse(reporter.GetStatus().Workers.Select(WorkerResponse.From).ToList()), ct);
}
