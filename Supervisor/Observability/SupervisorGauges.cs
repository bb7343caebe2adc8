using System.Diagnostics.Metrics;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Storage;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Observability;

/// <summary>
/// The gauges: read at each scrape from state that is already kept (slot snapshots, queue counters, the storage reading,
/// the pollers' last figures), so a scrape walks nothing and costs the same however busy the service is.
/// </summary>
public sealed class SupervisorGauges
{
    private static readonly WorkerState[] States = Enum.GetValues<WorkerState>();
    private static readonly string[] StateNames = States.Select(s => JobJson.EnumName(s)).ToArray();

    public SupervisorGauges(SdsMetrics metrics, WorkerPool pool, JobQueue queue, EventJournal journal, StorageGuard storage,
        OutputsSizeProbe outputs, GpuUsagePoller gpus, MeteredJobEvents jobs, TimeProvider time)
    {
        var m = metrics.Meter;
        m.CreateObservableGauge("sds_queue_depth", () => queue.QueuedCount, description: "Jobs waiting for a worker");
        m.CreateObservableGauge("sds_jobs_running", () => queue.RunningCount, description: "Jobs running on a worker");
        m.CreateObservableGauge("sds_workers_usable", () => pool.Slots.Count(s => s.Snapshot.IsUsable),
            description: "Worker slots that can run jobs now (idle, loading or busy); 0 means the service is degraded");
        m.CreateObservableGauge("sds_worker_state", () => pool.Slots.SelectMany(s => StateSeries(s.Snapshot)),
            description: "1 for the state each worker slot is in, 0 for the others");
        m.CreateObservableGauge("sds_worker_breaker_open", () => pool.Slots.Select(s => Flag(s.Snapshot.Breaker == BreakerState.Open, s.WorkerId)),
            description: "1 while the slot's circuit breaker is open (faulted: too many failures in the window)");
        m.CreateObservableGauge("sds_worker_draining", () => pool.Slots.Select(s => Flag(s.Snapshot.Draining, s.WorkerId)),
            description: "1 while an operator drains the slot (it takes no new job)");
        m.CreateObservableGauge("sds_worker_model_loaded", () => pool.Slots
                .Where(s => s.Snapshot.LoadedModel is not null)
                .Select(s => new Measurement<int>(1, new("worker", s.WorkerId), new("model", s.Snapshot.LoadedModel))),
            description: "1 for the model each worker holds (no series while it holds none)");
        m.CreateObservableGauge("sds_worker_heartbeat_age_seconds", () => pool.Slots
                .Where(s => s.LastHeartbeatAt is not null)
                .Select(s => new Measurement<double>(Math.Max(0, (time.GetUtcNow() - s.LastHeartbeatAt!.Value).TotalSeconds), Worker(s.WorkerId))),
            description: "Seconds since the worker last answered (its handshake, then each ping)");
        m.CreateObservableGauge("sds_worker_memory_bytes", () => pool.Slots
                .Where(s => s.LastHeartbeat is not null)
                .Select(s => new Measurement<long>(s.LastHeartbeat!.WorkingSetBytes, Worker(s.WorkerId))),
            description: "The worker process's working set at its last ping");
        m.CreateObservableGauge("sds_worker_steps_per_second", () => jobs.StepsPerSecond
                .Select(p => new Measurement<double>(p.Value, Worker(p.Key))),
            description: "Denoising steps per second of the worker's last completed generation");
        m.CreateObservableGauge("sds_sse_subscribers", () => journal.SubscriberCount, description: "Open Server-Sent Events streams");
        m.CreateObservableGauge("sds_storage_free_bytes", () => storage.Current.FreeBytes is { } free ? [new Measurement<long>(free)] : Array.Empty<Measurement<long>>(),
            description: "Free bytes of the data dir (the least of its folders)");
        m.CreateObservableGauge("sds_storage_min_free_bytes", () => storage.Current.MinFreeBytes,
            description: "Free space below which new jobs are refused (Sds:Storage:MinFreeBytes)");
        m.CreateObservableGauge("sds_storage_outputs_bytes", () => outputs.Bytes is { } b ? [new Measurement<long>(b)] : Array.Empty<Measurement<long>>(),
            description: "Bytes under the outputs folder, measured every Sds:Metrics:OutputsScanSeconds");
        m.CreateObservableGauge("sds_gpu_memory_used_bytes", () => gpus.Current.Select(g => new Measurement<long>(g.MemoryUsedBytes, Gpu(g))),
            description: "GPU memory in use, per device (nvidia-smi)");
        m.CreateObservableGauge("sds_gpu_memory_total_bytes", () => gpus.Current.Select(g => new Measurement<long>(g.MemoryTotalBytes, Gpu(g))),
            description: "GPU memory, per device (nvidia-smi)");
        m.CreateObservableGauge("sds_gpu_utilization_ratio", () => gpus.Current.Select(g => new Measurement<double>(g.UtilizationRatio, Gpu(g))),
            description: "GPU utilisation 0..1, per device (nvidia-smi)");
    }

    private static IEnumerable<Measurement<int>> StateSeries(WorkerSlotSnapshot s)
    {
        for (var i = 0; i < States.Length; i++)
            yield return new Measurement<int>(s.State == States[i] ? 1 : 0, new("worker", s.WorkerId), new("state", StateNames[i]));
    }

    private static Measurement<int> Flag(bool on, string worker) => new(on ? 1 : 0, Worker(worker));

    private static KeyValuePair<string, object?> Worker(string id) => new("worker", id);

    private static KeyValuePair<string, object?> Gpu(GpuUsage g) => new("gpu", g.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
