using System.Text.Json;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.System;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Cluster;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Storage;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Status;

/// <summary>
/// The one published <c>/api/status</c> document: serialised once per change and handed to every poller as the same
/// bytes and ETag. A change is any slot snapshot's version, the queue counts, a new storage reading or retention pass, a new reading of the cluster's nodes;
/// checking that costs a few reads of immutable values, so fifty pollers cost fifty comparisons, not fifty serialisations.
/// </summary>
public sealed class PublishedStatus(StatusReporter reporter, HealthReporter health, StorageGuard storage, RetentionTotals retention, AuthStatus auth,
    WorkerPool pool, JobQueue queue, ClusterView cluster)
{
    private readonly Lock _lock = new();
    private volatile StatusDocument? _current;

    public StatusDocument Current()
    {
        var key = KeyNow();
        var current = _current;
        if (current is not null && current.Key.Equals(key))
            return current;
        lock (_lock)
        {
            // Another poller may have rebuilt it while this one waited.
            if (_current is { } rebuilt && rebuilt.Key.Equals(key))
                return rebuilt;
            var json = JsonSerializer.SerializeToUtf8Bytes(Build(), ApiJson.Options);
            var document = new StatusDocument(key, json, EntityTags.Of(json));
            _current = document;
            return document;
        }
    }

    /// <summary>The response as <c>/api/status</c> shows it now (also what the document holds).</summary>
    public StatusResponse Build()
    {
        var s = reporter.GetStatus();
        var report = health.Check();
        return new StatusResponse(
            report.Degraded ? "degraded" : "ok",
            report.Reason,
            new EngineResponse(s.Engine.Kind, s.Engine.Requested, s.Engine.Reason),
            s.Workers.Select(WorkerResponse.From).ToList(),
            new QueueCountsResponse(s.Queued, s.Running),
            StorageResponse.From(storage.Current, retention),
            new AuthStatusResponse(AuthMethods.Name(auth.Method), auth.Unavailable),
            ClusterResponse.From(cluster));
    }

    /// <summary>What the document depends on, as a value that compares equal exactly when nothing shown changed.</summary>
    private StatusKey KeyNow() => new(
        string.Join(',', pool.Slots.Select(s => s.Snapshot.Version)),
        queue.QueuedCount, queue.RunningCount, storage.Current, retention.DeletedJobs, retention.LastRunAt, pool.Engine, cluster.Version);

    private sealed record StatusKey(string SlotVersions, int Queued, int Running, StorageReading Storage, long Deleted, DateTimeOffset? RetentionRun, EngineDecision Engine, long Cluster);
}
