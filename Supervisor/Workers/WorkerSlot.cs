using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// One worker slot: a state machine (Starting → Idle ⇄ Loading ⇄ Busy, Restarting, Faulted, Stopped) around
/// successive worker processes. Its whole state is one immutable <see cref="WorkerSlotSnapshot"/>, replaced under the
/// slot's lock and published in order on <see cref="WorkerSlotEvents"/>. <see cref="RunAsync"/> keeps a worker alive
/// through the restart and breaker pipelines (see <see cref="WorkerRestartPipelineFactory"/>); holders reserve the
/// slot with <see cref="TryReserve"/> and act through the <see cref="WorkerLease"/> it returns.
/// </summary>
public sealed class WorkerSlot : IWorkerRestartObserver
{
    private static readonly Dictionary<WorkerState, WorkerState[]> AllowedTransitions = new()
    {
        [WorkerState.Stopped] = [WorkerState.Starting],
        [WorkerState.Starting] = [WorkerState.Idle, WorkerState.Restarting, WorkerState.Faulted, WorkerState.Stopped],
        [WorkerState.Idle] = [WorkerState.Busy, WorkerState.Loading, WorkerState.Restarting, WorkerState.Faulted, WorkerState.Stopped],
        [WorkerState.Busy] = [WorkerState.Idle, WorkerState.Loading, WorkerState.Restarting, WorkerState.Faulted, WorkerState.Stopped],
        [WorkerState.Loading] = [WorkerState.Idle, WorkerState.Busy, WorkerState.Restarting, WorkerState.Faulted, WorkerState.Stopped],
        [WorkerState.Restarting] = [WorkerState.Idle, WorkerState.Faulted, WorkerState.Stopped],
        [WorkerState.Faulted] = [WorkerState.Restarting, WorkerState.Stopped],
    };

    private readonly IWorkerLauncher _launcher;
    private readonly IModelResolver _models;
    private readonly GpuDetector _gpus;
    private readonly WorkerRestartPipelineFactory _pipelines;
    private readonly SchedulerSignal _signal;
    private readonly WorkerSlotEvents _events;
    private readonly ResilienceOptions _resilience;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerSlot> _logger;
    private readonly Lock _lock = new();
    private readonly CircuitBreakerManualControl _breakerControl = new();
    private readonly ResiliencePipeline<SlotOutcome> _breaker;
    private volatile WorkerSlotSnapshot _snapshot;
    private IWorkerConnection? _worker;
    private WorkerLease? _lease;
    private int _launches;
    /// <summary>Completed when the current worker served its first job: the end of its establishing launch.</summary>
    private TaskCompletionSource? _established;
    /// <summary>The holder when the current worker died (a kill races the holder's release), for blame.</summary>
    private WorkerHolder? _holderAtExit;
    /// <summary>The watch of the current worker; it outlives the launch that established the worker.</summary>
    private Task<SlotOutcome>? _lifetime;
    /// <summary>Cancels the current supervision pass (only used to cut short the wait of an open breaker).</summary>
    private CancellationTokenSource? _pass;
    /// <summary>The reason of the recycle under way (the next launch is no restart), and the model to load again.</summary>
    private string? _recycling;
    private string? _reloadModel;
    /// <summary>When the slot's recent cuda_error / cuda_out_of_memory restarts happened, for lowering its limits.</summary>
    private readonly Queue<DateTimeOffset> _cudaRestarts = new();
    /// <summary>The warm standby (started, no model) taken by the next launch; its watch stops it with the slot.</summary>
    private StandbyWorker? _standby;
    private readonly List<Task> _standbyWatches = [];

    public WorkerSlot(
        WorkerSlotSpec spec,
        IWorkerLauncher launcher,
        IModelResolver models,
        GpuDetector gpus,
        WorkerRestartPipelineFactory pipelines,
        SchedulerSignal signal,
        WorkerSlotEvents events,
        IOptions<SupervisorOptions> options,
        TimeProvider time,
        ILogger<WorkerSlot> logger)
    {
        Spec = spec;
        _launcher = launcher;
        _models = models;
        _gpus = gpus;
        _pipelines = pipelines;
        _signal = signal;
        _events = events;
        _resilience = options.Value.Resilience;
        _time = time;
        _logger = logger;
        _breaker = pipelines.CreateBreaker(this, _breakerControl);
        _snapshot = new WorkerSlotSnapshot
        {
            WorkerId = spec.Id,
            Device = spec.Device,
            At = time.GetUtcNow(),
            DeviceMemoryTotalBytes = spec.DeviceMemoryBytes,
            RecycleLimits = spec.Recycle.Enabled ? spec.Recycle.Limits(lowered: false, spec.DeviceMemoryBytes) : null,
        };
    }

    public WorkerSlotSpec Spec { get; }
    public string WorkerId => Spec.Id;

    /// <summary>The slot as it is now; one consistent value.</summary>
    public WorkerSlotSnapshot Snapshot => _snapshot;

    public WorkerState State => _snapshot.State;
    public string? LoadedModel => _snapshot.LoadedModel;

    /// <summary>The last ping answer of the current worker (not part of the snapshot: it changes every few seconds).</summary>
    public Heartbeat? LastHeartbeat { get; private set; }

    /// <summary>When the current worker last answered: its handshake, then each ping; null while none runs.</summary>
    public DateTimeOffset? LastHeartbeatAt { get; private set; }

    /// <summary>Keeps a worker running until <paramref name="stopping"/> is cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var restart = _pipelines.CreateRestart(this);
        while (!stopping.IsCancellationRequested)
        {
            using var pass = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Volatile.Write(ref _pass, pass);
            try
            {
                var launched = await restart.ExecuteAsync(
                    static async (slot, ct) => await slot._breaker.ExecuteAsync(static (s, t) => new ValueTask<SlotOutcome>(s.LaunchUntilEstablishedAsync(t)), slot, ct),
                    this, pass.Token);
                // An established worker goes on being watched outside the launch; how it ends is told to the breaker.
                if (launched.Kind == SlotOutcomeKind.Established && _lifetime is { } lifetime)
                {
                    var end = await lifetime;
                    if (end.Kind == SlotOutcomeKind.Failure)
                        Report(end);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                // An operator reset the breaker (ResetAsync): start over at once instead of waiting out the break.
            }
            catch (Exception ex)
            {
                // The retry handles everything but cancellation; reaching here is a bug, so keep the slot alive and say so.
                _logger.LogError(ex, "Supervision loop of worker {WorkerId} failed; retrying", WorkerId);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        Task[] watches;
        lock (_standbyWatches)
            watches = [.. _standbyWatches];
        await Task.WhenAll(watches);
        Update(s => s with { State = WorkerState.Stopped, Standby = StandbyState.None, StandbyProcessId = null }, null);
    }

    /// <summary>Reserves the idle slot for <paramref name="holder"/>; false when it is not idle, draining or has no live worker.</summary>
    public bool TryReserve(WorkerHolder holder, out WorkerLease lease)
    {
        lock (_lock)
        {
            lease = null!;
            if (!_snapshot.IsIdle || _worker is not { HasExited: false } worker || _lease is not null)
                return false;
            lease = _lease = new WorkerLease(this, worker, holder);
            UpdateLocked(s => s with { State = WorkerState.Busy, Holder = holder }, null);
            return true;
        }
    }

    internal void SetHolderState(WorkerLease lease, WorkerState state)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(lease, _lease) || lease.Worker.HasExited)
                return;
            if (_snapshot.State is WorkerState.Busy or WorkerState.Loading)
                UpdateLocked(s => s with { State = state }, null);
        }
    }

    internal void SetLoadedModel(WorkerLease lease, string? modelId)
    {
        lock (_lock)
        {
            if (ReferenceEquals(lease.Worker, _worker))
                UpdateLocked(s => s with { LoadedModel = modelId }, null);
        }
    }

    internal void Kill(WorkerLease lease, KillReason reason, string detail)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(lease, _lease))
                return;
            _holderAtExit = lease.Holder;
        }
        lease.Worker.Kill(reason, detail);
    }

    internal void ReportDeviceMemory(WorkerLease lease, long usedBytes)
    {
        lock (_lock)
        {
            if (ReferenceEquals(lease, _lease))
                UpdateLocked(s => s with { DeviceMemoryUsedBytes = usedBytes }, null);
        }
    }

    internal void Release(WorkerLease lease, bool served)
    {
        var report = false;
        string? recycle = null;
        IWorkerConnection? retiring = null;
        lock (_lock)
        {
            if (!ReferenceEquals(lease, _lease))
                return;
            _lease = null;
            if (!ReferenceEquals(lease.Worker, _worker))
                return;
            var alive = !lease.Worker.HasExited;
            // Released after its worker died but before the exit was handled: the blame still goes to this holder.
            if (!alive)
                _holderAtExit = lease.Holder;
            var jobs = _snapshot.JobsServed + (served && alive && lease.Holder.Kind == WorkerHolderKind.Job ? 1 : 0);
            if (alive && served)
                recycle = RecycleDueLocked(jobs, _snapshot.DeviceMemoryUsedBytes);
            UpdateLocked(s => s with
            {
                State = alive && s.State is WorkerState.Busy or WorkerState.Loading
                    ? recycle is null ? WorkerState.Idle : WorkerState.Restarting
                    : s.State,
                Holder = null,
                LastUsedAt = _time.GetUtcNow(),
                JobsServed = jobs,
            }, recycle);
            if (recycle is not null && _snapshot.State == WorkerState.Restarting)
                retiring = BeginRecycleLocked(recycle);
            if (served && alive)
            {
                // The first job served establishes a new worker (its launch ends, a half-open breaker closes);
                // later ones are successes in the breaker's window.
                report = _established is null or { Task.IsCompleted: true };
                _established?.TrySetResult();
            }
        }
        if (report)
            Report(SlotOutcome.JobServed);
        if (retiring is not null)
            _ = RetireAsync(retiring, recycle!);
        _signal.Wake();
    }

    /// <summary>Why the current worker should be recycled now, or null; also refreshes lowered limits as restarts age out.</summary>
    private string? RecycleDueLocked(int jobs, long? usedBytes)
    {
        if (!Spec.Recycle.Enabled || _recycling is not null)
            return null;
        var limits = CurrentLimitsLocked();
        var age = _snapshot.WorkerStartedAt is { } started ? _time.GetUtcNow() - started : TimeSpan.Zero;
        return RecyclePolicy.Due(limits, jobs, age, usedBytes);
    }

    private RecycleLimits CurrentLimitsLocked()
    {
        var now = _time.GetUtcNow();
        while (_cudaRestarts.TryPeek(out var at) && now - at > Spec.Recycle.CudaRestartWindow)
            _cudaRestarts.Dequeue();
        var limits = Spec.Recycle.Limits(_cudaRestarts.Count >= Spec.Recycle.CudaRestartsToLower, _snapshot.DeviceMemoryTotalBytes);
        if (limits != _snapshot.RecycleLimits)
            UpdateLocked(s => s with { RecycleLimits = limits }, null);
        return limits;
    }

    /// <summary>Records the recycle; the slot must be Restarting already (so nothing reserves it). Returns the worker to retire.</summary>
    private IWorkerConnection? BeginRecycleLocked(string reason)
    {
        _recycling = reason;
        _reloadModel = _snapshot.LoadedModel;
        UpdateLocked(s => s with { Recycles = s.Recycles + 1, LastRecycle = new WorkerRecycleRecord(reason, _time.GetUtcNow()) }, reason);
        return _worker;
    }

    /// <summary>A graceful stop that the classifier does not count: the supervision loop then starts the next worker at once.</summary>
    private async Task RetireAsync(IWorkerConnection worker, string reason)
    {
        _logger.LogInformation("Worker {WorkerId} {RecycleReason}: stopping pid {Pid} between jobs", WorkerId, reason, worker.ProcessId);
        try
        {
            await worker.StopAsync(KillReason.Recycle, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "Worker {WorkerId}: graceful stop for recycling failed; killing it", WorkerId);
            worker.Kill(KillReason.Recycle, reason);
        }
    }

    /// <summary>Between jobs, an idle worker past its age limit is recycled (the other limits are checked as a job ends).</summary>
    private void RecycleIfAged(IWorkerConnection worker)
    {
        string? reason;
        IWorkerConnection? retiring;
        lock (_lock)
        {
            if (!ReferenceEquals(worker, _worker) || _lease is not null || !_snapshot.IsIdle || Spec.Recycle.AfterAge is null)
                return;
            reason = RecycleDueLocked(_snapshot.JobsServed, usedBytes: null);
            if (reason is null)
                return;
            UpdateLocked(s => s with { State = WorkerState.Restarting }, reason);
            retiring = BeginRecycleLocked(reason);
        }
        if (retiring is not null)
            _ = RetireAsync(retiring, reason);
    }

    /// <summary>One establishing launch: start a worker, then wait until it served a job or lived long enough, or died first.</summary>
    private async Task<SlotOutcome> LaunchUntilEstablishedAsync(CancellationToken cancellationToken)
    {
        var relaunch = _launches++ > 0;
        var recycling = _recycling;
        Update(s => s with
        {
            State = relaunch ? WorkerState.Restarting : WorkerState.Starting,
            Restarts = relaunch && recycling is null ? s.Restarts + 1 : s.Restarts,
        }, recycling ?? (_snapshot.Breaker == BreakerState.Closed ? null : _snapshot.Reason));

        IWorkerConnection worker;
        try
        {
            worker = await AcquireWorkerAsync(cancellationToken);
        }
        catch (WorkerStartupException ex)
        {
            RecordFailure(ex.Report);
            return new SlotOutcome(SlotOutcomeKind.Failure, ex.Report.Failure?.Message);
        }

        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerLease? reload = null;
        lock (_lock)
        {
            _worker = worker;
            _established = established;
            _holderAtExit = null;
            _recycling = null;
            UpdateLocked(s => s with
            {
                State = WorkerState.Idle,
                ProcessId = worker.ProcessId,
                Info = worker.Info,
                LoadedModel = null,
                Reason = null,
                JobsServed = 0,
                WorkerStartedAt = _time.GetUtcNow(),
                DeviceMemoryTotalBytes = Spec.DeviceMemoryBytes ?? worker.Info?.DeviceMemoryTotalBytes,
                DeviceMemoryUsedBytes = null,
            }, null);
            // A recycled slot loads its model again before it takes a job, so affinity keeps sending it that model's jobs.
            if (Interlocked.Exchange(ref _reloadModel, null) is { } model)
            {
                reload = _lease = new WorkerLease(this, worker, new WorkerHolder(WorkerHolderKind.ModelLoad, model));
                UpdateLocked(s => s with { State = WorkerState.Loading, Holder = reload.Holder }, $"loading {model} again after the recycle");
            }
        }
        LastHeartbeat = null;
        LastHeartbeatAt = _time.GetUtcNow();
        if (reload is not null)
            _ = ReloadAsync(reload, cancellationToken);
        _signal.Wake();

        using var healthyWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, worker.ExitedToken);
        var healthy = Task.Delay(TimeSpan.FromSeconds(_resilience.HealthyAfterSeconds), _time, healthyWait.Token);
        var lifetime = _lifetime = SuperviseAsync(worker, cancellationToken);
        await Task.WhenAny(established.Task, healthy, lifetime);
        await healthyWait.CancelAsync();
        // Served a job (even if it died right after: that end is then reported on its own), or lived long enough.
        // (The healthy wait is also cancelled by the worker's exit, and the exit token fires before Exited completes.)
        if (established.Task.IsCompletedSuccessfully || (healthy.IsCompletedSuccessfully && established.TrySetResult()))
            return new SlotOutcome(SlotOutcomeKind.Established);
        return await lifetime;
    }

    /// <summary>Watches a worker until it exits (pings, then the exit), cleans up, and says what its end means for the slot.</summary>
    private async Task<SlotOutcome> SuperviseAsync(IWorkerConnection worker, CancellationToken cancellationToken)
    {
        using var pingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, worker.ExitedToken);
        var pings = PingLoopAsync(worker, pingStop.Token);
        WorkerExitReport report;
        try
        {
            report = await worker.Exited.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await worker.StopAsync(KillReason.Stop, CancellationToken.None);
            report = await worker.Exited;
        }
        finally
        {
            await pingStop.CancelAsync();
            await pings;
        }

        WorkerHolder? holder;
        lock (_lock)
        {
            holder = _lease?.Holder ?? _holderAtExit;
            // The holder's late release is moot now: nothing it does reaches the next worker.
            _lease = null;
            _worker = null;
            _established?.TrySetCanceled();
            _established = null;
            UpdateLocked(s => s with { LoadedModel = null, ProcessId = null, Info = null, Holder = null, JobsServed = 0, WorkerStartedAt = null, DeviceMemoryUsedBytes = null }, null);
        }
        await worker.DisposeAsync();
        if (report.Failure is not { } failure)
            return new SlotOutcome(SlotOutcomeKind.NotCounted);

        RecordFailure(report);
        if (!cancellationToken.IsCancellationRequested)
            Update(s => s with { State = WorkerState.Restarting }, failure.Message);
        // A job that already took a worker down is to blame for this crash too: it counts toward its poison
        // limit, not against the slot (so two poison jobs cannot fault a healthy GPU).
        return holder is { Kind: WorkerHolderKind.Job, PriorCrashes: > 0 }
            ? new SlotOutcome(SlotOutcomeKind.NotCounted, failure.Message)
            : new SlotOutcome(SlotOutcomeKind.Failure, failure.Message);
    }

    /// <summary>Tells the breaker outside the slot's lock. An open or probing breaker refuses reports; those are moot.</summary>
    private void Report(SlotOutcome outcome)
    {
        try
        {
            _breaker.Execute(static o => o, outcome);
        }
        catch (BrokenCircuitException)
        {
            // Includes IsolatedCircuitException.
        }
    }

    private WorkerActivity CurrentActivity() => _snapshot.State switch
    {
        WorkerState.Loading => WorkerActivity.LoadingModel,
        WorkerState.Busy => WorkerActivity.Generating,
        WorkerState.Idle => WorkerActivity.Idle,
        _ => WorkerActivity.Starting,
    };

    private async Task PingLoopAsync(IWorkerConnection worker, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(_resilience.PingIntervalSeconds);
        var timeout = TimeSpan.FromSeconds(_resilience.PingTimeoutSeconds);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, cancellationToken);
                using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                call.CancelAfter(timeout);
                var heartbeat = LastHeartbeat = await worker.Rpc.PingAsync(call.Token);
                LastHeartbeatAt = _time.GetUtcNow();
                var used = heartbeat.DeviceMemoryUsedBytes ?? await NvidiaSmiUsedBytesAsync(cancellationToken);
                if (used is not null && !heartbeat.Busy)
                {
                    lock (_lock)
                    {
                        if (ReferenceEquals(worker, _worker) && _lease is null)
                            UpdateLocked(s => s with { DeviceMemoryUsedBytes = used }, null);
                    }
                }
                RecycleIfAged(worker);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                    _holderAtExit = _lease?.Holder;
                worker.Kill(KillReason.Hang, $"worker did not answer a ping within {timeout.TotalSeconds:0} s");
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                if (worker.HasExited)
                    return;
                _logger.LogDebug(ex, "Ping of worker {WorkerId} failed", WorkerId);
            }
        }
    }

    private void RecordFailure(WorkerExitReport report)
    {
        if (report.Failure is not { } failure)
            return;
        lock (_lock)
        {
            UpdateLocked(s => s with { LastFailure = new WorkerFailureRecord(failure.Kind, failure.Message, report.At), Reason = failure.Message }, null);
            if (failure.Kind is FailureKind.CudaError or FailureKind.CudaOutOfMemory && Spec.Recycle.Enabled)
            {
                _cudaRestarts.Enqueue(report.At);
                var limits = CurrentLimitsLocked();
                if (limits.Lowered)
                    _logger.LogWarning("Worker {WorkerId}: {CudaRestarts} CUDA restarts within {WindowMinutes} min; recycling limits lowered to {RecycleLimits}",
                        WorkerId, _cudaRestarts.Count, Spec.Recycle.CudaRestartWindow.TotalMinutes, limits);
            }
        }
    }

    /// <summary>A native GPU slot's used memory from nvidia-smi, when the library cannot tell it and a memory limit needs it.</summary>
    private async Task<long?> NvidiaSmiUsedBytesAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(Spec.Engine, "native", StringComparison.OrdinalIgnoreCase)
            || _snapshot.RecycleLimits?.MemoryThresholdBytes is null
            || !int.TryParse(Spec.CudaVisibleDevices, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            return null;
        return await _gpus.UsedMemoryBytesAsync(index, cancellationToken);
    }

    /// <summary>Loads the model the recycled worker held; a failure only costs the first job a load of its own.</summary>
    private async Task ReloadAsync(WorkerLease lease, CancellationToken cancellationToken)
    {
        var model = lease.Holder.Id;
        try
        {
            var resolution = await _models.ResolveAsync(model, cancellationToken);
            if (resolution.Spec is not { } spec)
            {
                _logger.LogWarning("Worker {WorkerId}: model {ModelId} not loaded again after the recycle: {Error}", WorkerId, model, resolution.Error);
                return;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Worker.ExitedToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_resilience.ModelLoadTimeoutSeconds));
            var loaded = await lease.Worker.Rpc.LoadModelAsync(spec, null, timeout.Token);
            if (loaded.Success)
                lease.SetLoadedModel(spec.ModelId);
            else
                _logger.LogWarning("Worker {WorkerId}: model {ModelId} did not load again after the recycle: {Error}", WorkerId, model, loaded.Error);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A worker that died loading is handled by its supervision like any other death.
            _logger.LogWarning("Worker {WorkerId}: loading {ModelId} again after the recycle failed: {Error}", WorkerId, model, ex.Message);
        }
        finally
        {
            lease.Release(served: false);
        }
    }

    /// <summary>The next primary: the warm standby when one is up (or coming up), else a cold launch; then a new standby.</summary>
    private async Task<IWorkerConnection> AcquireWorkerAsync(CancellationToken cancellationToken)
    {
        IWorkerConnection? worker = null;
        if (Interlocked.Exchange(ref _standby, null) is { } standby)
        {
            standby.Promoted.TrySetResult();
            // Still starting: it began before this launch would, so it is ready sooner.
            worker = await standby.Ready;
            if (worker is { HasExited: true } dead)
            {
                await dead.DisposeAsync();
                worker = null;
            }
            if (worker is not null)
                _logger.LogInformation("Worker {WorkerId}: standby pid {Pid} takes over", WorkerId, worker.ProcessId);
        }
        worker ??= await _launcher.LaunchAsync(Spec, CurrentActivity, cancellationToken);
        StartStandby(cancellationToken);
        return worker;
    }

    private void StartStandby(CancellationToken cancellationToken)
    {
        if (!Spec.Standby || cancellationToken.IsCancellationRequested)
            return;
        Update(s => s with { Standby = StandbyState.Starting, StandbyProcessId = null }, null);
        var standby = new StandbyWorker();
        standby.Ready = LaunchStandbyAsync(standby, cancellationToken);
        Volatile.Write(ref _standby, standby);
        lock (_standbyWatches)
        {
            _standbyWatches.RemoveAll(t => t.IsCompleted);
            _standbyWatches.Add(WatchStandbyAsync(standby, cancellationToken));
        }
    }

    private async Task<IWorkerConnection?> LaunchStandbyAsync(StandbyWorker standby, CancellationToken cancellationToken)
    {
        try
        {
            // Once it is the primary, its death is classified by what the slot was doing, like any primary's.
            var worker = await _launcher.LaunchAsync(Spec, () => standby.Promoted.Task.IsCompleted ? CurrentActivity() : WorkerActivity.Idle, cancellationToken);
            _logger.LogInformation("Worker {WorkerId}: standby ready, pid {Pid}", WorkerId, worker.ProcessId);
            return worker;
        }
        catch (WorkerStartupException ex)
        {
            _logger.LogWarning("Worker {WorkerId}: standby did not start: {Reason}", WorkerId, ex.Report.Failure?.Message);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Shows the standby's state; replaces it when it dies before it is needed; stops it with the slot.</summary>
    private async Task WatchStandbyAsync(StandbyWorker standby, CancellationToken cancellationToken)
    {
        var worker = await standby.Ready;
        if (worker is null)
        {
            if (!standby.Promoted.Task.IsCompleted)
                Update(s => s with { Standby = StandbyState.None }, null);
            return;
        }
        if (standby.Promoted.Task.IsCompleted)
            return;
        Update(s => s with { Standby = StandbyState.Ready, StandbyProcessId = worker.ProcessId }, null);
        var ended = await Task.WhenAny(worker.Exited, standby.Promoted.Task, Task.Delay(Timeout.Infinite, cancellationToken));
        if (ended == standby.Promoted.Task || (standby.Promoted.Task.IsCompleted && !cancellationToken.IsCancellationRequested))
            return;
        if (Interlocked.CompareExchange(ref _standby, null, standby) != standby)
            return;
        if (cancellationToken.IsCancellationRequested)
        {
            await worker.StopAsync(KillReason.Stop, CancellationToken.None);
            await worker.DisposeAsync();
            return;
        }
        var report = await worker.Exited;
        await worker.DisposeAsync();
        _logger.LogWarning("Worker {WorkerId}: standby pid {Pid} died ({Failure}); starting another", WorkerId, worker.ProcessId, report.Failure?.Message ?? "exited");
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(_resilience.RestartDelayMs), _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        StartStandby(cancellationToken);
    }

    /// <summary>A standby being launched, and whether a launch has taken it (then it is the primary's, not the watch's).</summary>
    private sealed class StandbyWorker
    {
        public Task<IWorkerConnection?> Ready { get; set; } = Task.FromResult<IWorkerConnection?>(null);
        public TaskCompletionSource Promoted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    void IWorkerRestartObserver.OnRestartScheduled(TimeSpan delay, int attempt, Exception? exception)
    {
        if (exception is not null and not BrokenCircuitException)
            _logger.LogError(exception, "Worker {WorkerId} launch failed unexpectedly", WorkerId);
        if (_snapshot.Breaker == BreakerState.Open)
            return;
        _logger.LogInformation("Restarting worker {WorkerId} in {DelayMs} ms (restart attempt {Attempt})", WorkerId, (int)delay.TotalMilliseconds, attempt);
        Update(s => s with { State = WorkerState.Restarting }, _snapshot.Reason);
    }

    void IWorkerRestartObserver.OnBreakerOpened(TimeSpan breakDuration, string? lastFailure)
    {
        var reason = $"too many failures (breaker open for {breakDuration.TotalSeconds:0} s); last: {lastFailure ?? "unknown"}";
        _logger.LogError("Worker {WorkerId} is faulted: {Reason}", WorkerId, reason);
        Update(s => s with { Breaker = BreakerState.Open, Reason = reason, State = s.IsUsable ? s.State : WorkerState.Faulted }, reason);
    }

    void IWorkerRestartObserver.OnBreakerHalfOpened()
    {
        _logger.LogInformation("Worker {WorkerId}: breaker half-open, probing with one worker", WorkerId);
        Update(s => s with { Breaker = BreakerState.HalfOpen }, null);
    }

    void IWorkerRestartObserver.OnBreakerClosed()
    {
        _logger.LogInformation("Worker {WorkerId}: breaker closed", WorkerId);
        Update(s => s with { Breaker = BreakerState.Closed }, null);
    }

    private void Update(Func<WorkerSlotSnapshot, WorkerSlotSnapshot> change, string? reason)
    {
        lock (_lock)
            UpdateLocked(change, reason);
    }

    /// <summary>The one place the snapshot is replaced: validates a state change, logs it, and publishes in order.</summary>
    private void UpdateLocked(Func<WorkerSlotSnapshot, WorkerSlotSnapshot> change, string? reason)
    {
        var from = _snapshot;
        var next = change(from);
        if (next.State != from.State && (!AllowedTransitions.TryGetValue(from.State, out var allowed) || !allowed.Contains(next.State)))
        {
            _logger.LogError("Worker {WorkerId}: refused invalid transition {From} -> {To}", WorkerId, from.State, next.State);
            next = next with { State = from.State };
        }
        if (next == from)
            return;
        next = next with { Version = from.Version + 1, At = _time.GetUtcNow() };
        _snapshot = next;
        if (next.State != from.State)
        {
            if (next.State is WorkerState.Busy or WorkerState.Loading || from.State is WorkerState.Busy or WorkerState.Loading && next.State == WorkerState.Idle)
                _logger.LogDebug("Worker {WorkerId}: {From} -> {To}", WorkerId, from.State, next.State);
            else
                _logger.LogInformation("Worker {WorkerId}: {From} -> {To} {Reason}", WorkerId, from.State, next.State, reason ?? "");
        }
        _events.Publish(new WorkerSlotChange(from, next, reason));
    }

    /// <summary>Stop giving this slot work; a running job finishes normally.</summary>
    public void Drain()
    {
        Update(s => s with { Draining = true }, null);
        _logger.LogInformation("Worker {WorkerId}: draining (takes no new jobs)", WorkerId);
    }

    /// <summary>Give this slot jobs again.</summary>
    public void Enable()
    {
        Update(s => s with { Draining = false }, null);
        _logger.LogInformation("Worker {WorkerId}: enabled", WorkerId);
        _signal.Wake();
    }

    /// <summary>
    /// Restarts the worker process. Graceful: take no new job, let the running one finish (up to
    /// <paramref name="gracePeriod"/>), then close the worker; a job still running after that goes back to the
    /// queue uncharged. The supervision loop starts the new worker at once (an operator restart is no failure).
    /// </summary>
    public async Task<bool> RestartAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        bool wasDraining;
        lock (_lock)
        {
            wasDraining = _snapshot.Draining;
            UpdateLocked(s => s with { Draining = true }, null);
        }
        try
        {
            var deadline = _time.GetUtcNow() + gracePeriod;
            while (_snapshot.Holder is not null && _time.GetUtcNow() < deadline)
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
            IWorkerConnection? worker;
            lock (_lock)
            {
                worker = _worker;
                _holderAtExit = _lease?.Holder;
            }
            if (worker is null || worker.HasExited)
                return false;
            _logger.LogInformation("Worker {WorkerId}: restart requested by an operator", WorkerId);
            await worker.StopAsync(KillReason.Restart, cancellationToken);
            return true;
        }
        finally
        {
            if (!wasDraining)
            {
                Update(s => s with { Draining = false }, null);
                _signal.Wake();
            }
        }
    }

    /// <summary>
    /// An operator's "restart" of a faulted slot: close its breaker and start a worker now rather than when the
    /// break ends. False when the slot is not faulted (a running slot restarts gracefully instead).
    /// </summary>
    public async Task<bool> ResetAsync()
    {
        if (State != WorkerState.Faulted)
            return false;
        _logger.LogWarning("Worker {WorkerId}: breaker reset by an operator; starting a worker now", WorkerId);
        await _breakerControl.CloseAsync();
        // No worker runs while faulted: the pass is only waiting for the break to end.
        if (Volatile.Read(ref _pass) is { } pass)
            await pass.CancelAsync();
        return true;
    }
}
