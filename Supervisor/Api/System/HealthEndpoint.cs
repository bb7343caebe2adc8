using FastEndpoints;
using SdSupervised.Supervisor.Status;

namespace SdSupervised.Supervisor.Api.System;

/// <summary><see cref="Reason"/>: why degraded, null when ok.</summary>
public sealed record HealthResponse(string Status, int UsableWorkers, string? Reason);

/// <summary><c>GET /api/health</c>: 200 while the API is up; the body says degraded, and why, when no worker can serve or storage is full.</summary>
public sealed class HealthEndpoint(HealthReporter health) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Liveness, and whether the service can take and run jobs");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var report = health.Check();
        return Send.OkAsync(new HealthResponse(report.Degraded ? "degraded" : "ok", report.UsableWorkers, report.Reason), ct);
    }
}
