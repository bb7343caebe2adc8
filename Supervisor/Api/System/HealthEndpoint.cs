using FastEndpoints;
using SdSupervised.Supervisor.Status;

namespace SdSupervised.Supervisor.Api.System;

public sealed record HealthResponse(string Status, int UsableWorkers);

/// <summary><c>GET /api/health</c>: 200 while the API is up; the body says degraded when no worker can serve.</summary>
public sealed class HealthEndpoint(StatusReporter reporter) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Liveness and whether any worker is usable");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var usable = reporter.UsableWorkers;
        return Send.OkAsync(new HealthResponse(usable > 0 ? "ok" : "degraded", usable), ct);
    }
}
