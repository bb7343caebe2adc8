using FastEndpoints;
using SdSupervised.Contracts;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Status;
using SdSupervised.Supervisor.Storage;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Api.System;

public sealed record StatusResponse(
    string Status, string? Reason, EngineResponse Engine, IReadOnlyList<WorkerResponse> Workers, QueueCountsResponse Queue, StorageResponse Storage,
    AuthStatusResponse Auth);

/// <param name="Unavailable">Why the configured system method cannot check passwords here (unix, pam), else null.</param>
public sealed record AuthStatusResponse(string Method, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unavailable);

public sealed record EngineResponse(EngineKind Kind, EngineSelection Requested, string Reason);

public sealed record WorkerResponse(
    string Id, string Device, WorkerState State, int? Pid, int Restarts, string? Model, string? JobId, bool Draining,
    LastFailureResponse? LastFailure, string? Reason, IReadOnlyDictionary<string, string>? ModelCompanions, BreakerState Breaker)
{
    public static WorkerResponse From(WorkerStatus w) => new(w.Id, w.Device, w.State, w.Pid, w.Restarts, w.Model, w.JobId, w.Draining,
        w.LastFailure is { } f ? new LastFailureResponse(f.Kind, f.Message, f.At) : null, w.Reason, w.ModelCompanions, w.Breaker);
}

public sealed record LastFailureResponse(FailureKind Kind, string Message, DateTimeOffset At);

public sealed record QueueCountsResponse(int Queued, int Running);

/// <summary>The data dir's free space (the least of its folders; null when unreadable), the guard's threshold, why jobs are refused (null when not), and retention.</summary>
public sealed record StorageResponse(long? FreeBytes, long MinFreeBytes, string? DegradedReason, RetentionResponse Retention)
{
    public static StorageResponse From(StorageReading reading, RetentionTotals retention) =>
        new(reading.FreeBytes, reading.MinFreeBytes, reading.DegradedReason,
            new RetentionResponse(retention.DeletedJobs, retention.FreedBytes, retention.LastRunAt));
}

/// <summary>What retention deleted since the supervisor started.</summary>
public sealed record RetentionResponse(long DeletedJobs, long FreedBytes, DateTimeOffset? LastRunAt);

/// <summary>
/// <c>GET /api/status</c>: every worker slot, the engine and why, the queue, storage, and the authentication method. The
/// published document's bytes, with its ETag; a poller that sends it back in <c>If-None-Match</c> gets a bodyless 304.
/// </summary>
public sealed class StatusEndpoint(PublishedStatus status) : EndpointWithoutRequest<StatusResponse>
{
    public override void Configure()
    {
        Get("/status");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Workers, engine, queue and storage";
            s.Responses[304] = "Unchanged since the ETag sent in If-None-Match";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var document = status.Current();
        if (EntityTags.NotModified(HttpContext, document.ETag))
        {
            await Send.StatusCodeAsync(StatusCodes.Status304NotModified, ct);
            return;
        }
        await Send.BytesAsync(document.Json, contentType: "application/json; charset=utf-8", cancellation: ct);
    }
}
