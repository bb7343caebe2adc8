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
    AuthStatusResponse Auth, ClusterResponse Cluster);

/// <param name="Unavailable">Why the configured system method cannot check passwords here (unix, pam), else null.</param>
public sealed record AuthStatusResponse(string Method, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unavailable);

public sealed record EngineResponse(EngineKind Kind, EngineSelection Requested, string Reason);

public sealed record WorkerResponse(
    string Id, string Device, WorkerState State, int? Pid, int Restarts, string? Model, string? JobId, bool Draining,
    LastFailureResponse? LastFailure, string? Reason, IReadOnlyDictionary<string, string>? ModelCompanions, BreakerState Breaker,
    int JobsServed, int Recycles, RecycleResponse? LastRecycle, RecycleLimitsResponse? Recycle, StandbyState Standby, int? StandbyPid,
    DeviceMemoryResponse DeviceMemory, IReadOnlyList<string> Models, IReadOnlyList<string> Exclude)
{
    public static WorkerResponse From(WorkerStatus w)
    {
        var c = w.Capacity ?? new WorkerCapacity(0, 0, null, null, StandbyState.None, null, null, null, [], []);
        return new(w.Id, w.Device, w.State, w.Pid, w.Restarts, w.Model, w.JobId, w.Draining,
            w.LastFailure is { } f ? new LastFailureResponse(f.Kind, f.Message, f.At) : null, w.Reason, w.ModelCompanions, w.Breaker,
            c.JobsServed, c.Recycles, c.LastRecycle is { } r ? new RecycleResponse(r.Reason, r.At) : null,
            c.RecycleLimits is { } l ? new RecycleLimitsResponse(l.AfterJobs, l.AfterAge?.TotalHours, l.MemoryThresholdBytes, l.Lowered) : null,
            c.Standby, c.StandbyPid, new DeviceMemoryResponse(c.DeviceMemoryTotalBytes, c.DeviceMemoryUsedBytes), c.Models, c.Exclude);
    }
}

/// <summary>The slot's last proactive recycle (<c>recycled: after 500 jobs</c>) and when it began.</summary>
public sealed record RecycleResponse(string Reason, DateTimeOffset At);

/// <summary>The recycling limits in force; <c>lowered</c> after repeated CUDA restarts in the window.</summary>
public sealed record RecycleLimitsResponse(int? AfterJobs, double? AfterHours, long? MemoryThresholdBytes, bool Lowered);

/// <summary>The slot's device memory in bytes (null when unknown: a cpu slot, or no figure yet).</summary>
public sealed record DeviceMemoryResponse(long? TotalBytes, long? UsedBytes);

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
/// <c>GET /api/status</c>: every worker slot, the engine and why, the queue, storage, the authentication method and the cluster. The
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
