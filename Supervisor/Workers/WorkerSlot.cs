using Microsoft.Extensions.Options;
using Polly;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// One worker slot: a state machine (Starting → Idle ⇄ Loading ⇄ Busy, Restarting, Faulted, Stopped) around
/// successive worker processes. <see cref="RunAsync"/> keeps a worker alive through the restart pipeline;
/// the scheduler reserves the slot for one job at a time.
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

    private readonly WorkerLauncher _launcher;
    private readonly WorkerRestartPipelineFactory _pipelines;
    private readonly SchedulerSignal _signal;
    private readonly ResilienceOptions _resilience;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerSlot> _logger;
    private readonly Lock _lock = new();
    private WorkerProcess? _process;
    private int _launches;
    private int _jobsCompletedThisLifetime;
    private bool _breakerOpen;
    private readonly Polly.CircuitBreaker.CircuitBreakerManualControl _breakerControl = new();
    /// <summary>Cancels the current supervision pass (only used to cut short the wait of an open breaker).</summary>
    private CancellationTokenSource? _pass;

    public WorkerSlot(
        WorkerSlotSpec spec,
        WorkerLauncher launcher,
        WorkerRestartPipelineFactory pipelines,
        SchedulerSignal signal,
        IOptions<SupervisorOptions> options,
        TimeProvider time,
        ILogger<WorkerSlot> logger)
    {
        Spec = spec;
        _launcher = launcher;
        _pipelines = pipelines;
        _signal = signal;
        _resilience = options.Value.Resilience;
        _time = time;
        _logger = logger;
    }

    public WorkerSlotSpec Spec { get; }
    public string WorkerId => Spec.Id;
    public WorkerState State { get; private set; } = WorkerState.Stopped;
    /// <summary>Why the slot is not serving (startup error, breaker reason); null when fine.</summary>
    public string? Reason { get; private set; }
    public int Restarts { get; private set; }
    public WorkerFailureRecord? LastFailure { get; private set; }
    public string? LoadedModel { get; private set; }
    public string? CurrentJobId { get; private set; }
    public int? ProcessId => _process?.ProcessId;
    public WorkerInfo? Info => _process?.Info;
    public Heartbeat? LastHeartbeat { get; private set; }
    /// <summary>When the slot last finished a job; the scheduler evicts the least recently used model first.</summary>
    public DateTimeOffset LastUsedAt { get; private set; }

    /// <summary>Serving or able to serve jobs right now.</summary>
    public bool IsUsable => State is WorkerState.Idle or WorkerState.Busy or WorkerState.Loading;

    /// <summary>An operator asked the slot to finish its current job and take no more (until <see cref="Enable"/>).</summary>
    public bool Draining { get; private set; }

    public event EventHandler<WorkerStateChange>? StateChanged;

    /// <summary>Keeps a worker running until <paramref name="stopping"/> is cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var pipeline = _pipelines.Create(this, _breakerControl);
        while (!stopping.IsCancellationRequested)
        {
            using var pass = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Volatile.Write(ref _pass, pass);
            try
            {
                await pipeline.ExecuteAsync(static (slot, ct) => new ValueTask<WorkerExitReport>(slot.RunLifetimeAsync(ct)), this, pass.Token);
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
        Transition(WorkerState.Stopped, null);
    }

    /// <summary>Reserves the idle slot for a job. Returns the worker process the job must run on.</summary>
    public bool TryReserve(string jobId, out WorkerProcess process)
    {
        lock (_lock)
        {
            process = _process!;
            if (State != WorkerState.Idle || Draining || _process is null || _process.HasExited)
                return false;
            CurrentJobId = jobId;
            TransitionLocked(WorkerState.Busy, null);
            return true;
        }
    }

    /// <summary>The running job moved between model loading and generating.</summary>
    public void SetActivity(WorkerProcess process, WorkerActivity activity)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(process, _process) || process.HasExited)
                return;
            process.Activity = activity;
            if (State is WorkerState.Busy or WorkerState.Loading)
                TransitionLocked(activity == WorkerActivity.LoadingModel ? WorkerState.Loading : WorkerState.Busy, null);
        }
    }

    public void SetLoadedModel(WorkerProcess process, string? modelId)
    {
        lock (_lock)
        {
            if (ReferenceEquals(process, _process))
                LoadedModel = modelId;
        }
    }

    /// <summary>The job is done with this slot; it becomes idle if its worker is still alive.</summary>
    public void Release(WorkerProcess process, bool completed)
    {
        lock (_lock)
        {
            CurrentJobId = null;
            if (!ReferenceEquals(process, _process))
                return;
            process.Activity = WorkerActivity.Idle;
            LastUsedAt = _time.GetUtcNow();
            if (completed)
                _jobsCompletedThisLifetime++;
            if (!process.HasExited && State is WorkerState.Busy or WorkerState.Loading)
                TransitionLocked(WorkerState.Idle, null);
        }
        _signal.Wake();
    }

    private async Task<WorkerExitReport> RunLifetimeAsync(CancellationToken cancellationToken)
    {
        Transition(_launches++ == 0 ? WorkerState.Starting : WorkerState.Restarting, _breakerOpen ? Reason : null);
        if (_launches > 1)
            Restarts++;

        WorkerProcess process;
        try
        {
            process = await _launcher.LaunchAsync(Spec, cancellationToken);
        }
        catch (WorkerStartupException ex)
        {
            RecordFailure(ex.Report);
            return ex.Report;
        }

        lock (_lock)
        {
            _process = process;
            _jobsCompletedThisLifetime = 0;
            LoadedModel = null;
            LastHeartbeat = null;
            Reason = null;
            TransitionLocked(WorkerState.Idle, null);
        }
        _signal.Wake();

        using var pingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.ExitedToken);
        var pings = PingLoopAsync(process, pingStop.Token);
        WorkerExitReport report;
        try
        {
            report = await process.Exited.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync(KillReason.Stop, CancellationToken.None);
            report = await process.Exited;
        }
        finally
        {
            await pingStop.CancelAsync();
            await pings;
        }

        lock (_lock)
        {
            report = report with { WasHealthy = _jobsCompletedThisLifetime > 0 || report.Lifetime >= TimeSpan.FromSeconds(_resilience.HealthyAfterSeconds) };
            _process = null;
            LoadedModel = null;
        }
        await process.DisposeAsync();
        if (report.Failure is not null)
        {
            RecordFailure(report);
            if (!cancellationToken.IsCancellationRequested)
                Transition(WorkerState.Restarting, report.Failure.Message);
        }
        return report;
    }

    private async Task PingLoopAsync(WorkerProcess process, CancellationToken cancellationToken)
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
                LastHeartbeat = await process.Rpc.PingAsync(call.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(KillReason.Hang, $"worker did not answer a ping within {timeout.TotalSeconds:0} s");
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                if (process.HasExited)
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
            LastFailure = new WorkerFailureRecord(failure.Kind, failure.Message, report.At);
            Reason = failure.Message;
        }
    }

    void IWorkerRestartObserver.OnRestartScheduled(TimeSpan delay, int attempt, Exception? exception)
    {
        if (exception is not null and not Polly.CircuitBreaker.BrokenCircuitException)
            _logger.LogError(exception, "Worker {WorkerId} lifetime failed unexpectedly", WorkerId);
        if (_breakerOpen)
            return;
        _logger.LogInformation("Restarting worker {WorkerId} in {DelayMs} ms (restart attempt {Attempt})", WorkerId, (int)delay.TotalMilliseconds, attempt);
        Transition(WorkerState.Restarting, Reason);
    }

    void IWorkerRestartObserver.OnBreakerOpened(TimeSpan breakDuration, string? lastFailure)
    {
        _breakerOpen = true;
        var reason = $"too many failures (breaker open for {breakDuration.TotalSeconds:0} s); last: {lastFailure ?? "unknown"}";
        _logger.LogError("Worker {WorkerId} is faulted: {Reason}", WorkerId, reason);
        lock (_lock)
            Reason = reason;
        Transition(WorkerState.Faulted, reason);
    }

    void IWorkerRestartObserver.OnBreakerHalfOpened()
    {
        _breakerOpen = false;
        _logger.LogInformation("Worker {WorkerId}: breaker half-open, probing with one start", WorkerId);
    }

    void IWorkerRestartObserver.OnBreakerClosed()
    {
        _breakerOpen = false;
        _logger.LogInformation("Worker {WorkerId}: breaker closed", WorkerId);
    }

    private void Transition(WorkerState next, string? reason)
    {
        lock (_lock)
            TransitionLocked(next, reason);
    }

    private void TransitionLocked(WorkerState next, string? reason)
    {
        var from = State;
        if (from == next)
            return;
        if (!AllowedTransitions.TryGetValue(from, out var allowed) || !allowed.Contains(next))
        {
            _logger.LogError("Worker {WorkerId}: refused invalid transition {From} -> {To}", WorkerId, from, next);
            return;
        }
        State = next;
        if (next is WorkerState.Busy or WorkerState.Loading)
            _logger.LogDebug("Worker {WorkerId}: {From} -> {To}", WorkerId, from, next);
        else
            _logger.LogInformation("Worker {WorkerId}: {From} -> {To} {Reason}", WorkerId, from, next, reason ?? "");
        var change = new WorkerStateChange(WorkerId, from, next, reason, _time.GetUtcNow());
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Slot.StateChanged?.Invoke(s.Slot, s.Change), (Slot: this, Change: change), preferLocal: false);
    }

    /// <summary>Stop giving this slot jobs; a running job finishes normally.</summary>
    public void Drain()
    {
        lock (_lock)
            Draining = true;
        _logger.LogInformation("Worker {WorkerId}: draining (takes no new jobs)", WorkerId);
    }

    /// <summary>Give this slot jobs again.</summary>
    public void Enable()
    {
        lock (_lock)
            Draining = false;
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
            wasDraining = Draining;
            Draining = true;
        }
        try
        {
            var deadline = _time.GetUtcNow() + gracePeriod;
            while (CurrentJobId is not null && _time.GetUtcNow() < deadline)
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
            var process = _process;
            if (process is null || process.HasExited)
                return false;
            _logger.LogInformation("Worker {WorkerId}: restart requested by an operator", WorkerId);
            await process.StopAsync(KillReason.Restart, cancellationToken);
            return true;
        }
        finally
        {
            if (!wasDraining)
            {
                lock (_lock)
                    Draining = false;
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
        _breakerOpen = false;
        // No worker runs while faulted: the pass is only waiting for the break to end.
        if (Volatile.Read(ref _pass) is { } pass)
            await pass.CancelAsync();
        return true;
    }

    /// <summary>Kills the current worker (e.g. no progress), recording that the kill was ours and why.</summary>
    public void KillWorker(WorkerProcess process, KillReason reason, string detail)
    {
        if (ReferenceEquals(process, _process))
            process.Kill(reason, detail);
    }
}
