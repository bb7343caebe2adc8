using FastEndpoints;
using SdSupervised.Contracts;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Status;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Api.System;

public sealed record StatusResponse(string Status, EngineResponse Engine, IReadOnlyList<WorkerResponse> Workers, QueueCountsResponse Queue, AuthStatusResponse Auth);

/// <param name="Unavailable">Why the configured system method cannot check passwords here (unix, pam), else null.</param>
public sealed record AuthStatusResponse(string Method, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unavailable);

public sealed record EngineResponse(EngineKind Kind, EngineSelection Requested, string Reason);

public sealed record WorkerResponse(
    string Id, string Device, WorkerState State, int? Pid, int Restarts, string? Model, string? JobId, bool Draining,
    LastFailureResponse? LastFailure, string? Reason, IReadOnlyDictionary<string, string>? ModelCompanions)
{
    public static WorkerResponse From(WorkerStatus w) => new(w.Id, w.Device, w.State, w.Pid, w.Restarts, w.Model, w.JobId, w.Draining,
        w.LastFailure is { } f ? new LastFailureResponse(f.Kind, f.Message, f.At) : null, w.Reason, w.ModelCompanions);
}

public sealed record LastFailureResponse(FailureKind Kind, string Message, DateTimeOffset At);

public sealed record QueueCountsResponse(int Queued, int Running);

/// <summary><c>GET /api/status</c>: every worker slot, the engine and why, and the queue.</summary>
public sealed class StatusEndpoint(StatusReporter reporter, AuthStatus auth) : EndpointWithoutRequest<StatusResponse>
{
    public override void Configure()
    {
        Get("/status");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Workers, engine and queue");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var s = reporter.GetStatus();
        var response = new StatusResponse(
            s.Degraded ? "degraded" : "ok",
            new EngineResponse(s.Engine.Kind, s.Engine.Requested, s.Engine.Reason),
            s.Workers.Select(WorkerResponse.From).ToList(),
            new QueueCountsResponse(s.Queued, s.Running),
            new AuthStatusResponse(AuthMethods.Name(auth.Method), auth.Unavailable));
        return Send.OkAsync(response, ct);
    }
}
