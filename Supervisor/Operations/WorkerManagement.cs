using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// Operator commands on worker slots: drain, enable and graceful restarts. Restarts run in the background
/// (the API answers at once) and are tracked per slot so that two never overlap on one slot.
/// </summary>
public sealed class WorkerManagement(
    WorkerPool pool,
    IOptions<SupervisorOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<WorkerManagement> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _restarts = new(StringComparer.OrdinalIgnoreCase);

    private TimeSpan Grace => TimeSpan.FromSeconds(options.Value.Resilience.ShutdownGraceSeconds);

    public WorkerCommandResult Drain(string workerId)
    {
        if (pool.Find(workerId) is not { } slot)
            return WorkerCommandResult.NotFound;
        slot.Drain();
        return WorkerCommandResult.Done;
    }

    public WorkerCommandResult Enable(string workerId)
    {
        if (pool.Find(workerId) is not { } slot)
            return WorkerCommandResult.NotFound;
        slot.Enable();
        return WorkerCommandResult.Done;
    }

    public bool IsRestarting(string workerId)
    {
        lock (_gate)
            return IsRestartingLocked(workerId);
    }

    /// <summary>Starts a graceful restart of one slot; refused while that slot is already restarting.</summary>
    public WorkerCommandResult Restart(string workerId)
    {
        if (pool.Find(workerId) is not { } slot)
            return WorkerCommandResult.NotFound;
        lock (_gate)
        {
            if (IsRestartingLocked(slot.WorkerId))
                return WorkerCommandResult.AlreadyRestarting;
            _restarts[slot.WorkerId] = RestartSlotAsync(slot);
        }
        return WorkerCommandResult.Done;
    }

    /// <summary>Restarts every slot, one after another, so the others keep serving; returns the slot ids.</summary>
    public IReadOnlyList<string> RestartAll()
    {
        var slots = pool.Slots.ToList();
        _ = Task.Run(() => RestartInTurnAsync(slots), CancellationToken.None);
        return slots.Select(s => s.WorkerId).ToList();
    }

    private async Task RestartInTurnAsync(IReadOnlyList<WorkerSlot> slots)
    {
        logger.LogInformation("Restarting all {WorkerCount} worker(s) one after another", slots.Count);
        foreach (var slot in slots)
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested)
                return;
            Task restart;
            lock (_gate)
            {
                // A slot already restarting on its own is waited for, not restarted twice.
                if (!_restarts.TryGetValue(slot.WorkerId, out restart!) || restart.IsCompleted)
                    _restarts[slot.WorkerId] = restart = RestartSlotAsync(slot);
            }
            await restart;
        }
    }

    private async Task RestartSlotAsync(WorkerSlot slot)
    {
        // Leave the caller's lock before waiting on the slot.
        await Task.Yield();
        try
        {
            if (slot.State == WorkerState.Faulted)
            {
                await slot.ResetAsync();
                return;
            }
            var restarted = await slot.RestartAsync(Grace, lifetime.ApplicationStopping);
            if (!restarted)
                logger.LogInformation("Worker {WorkerId}: no running worker process to restart", slot.WorkerId);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Worker {WorkerId}: operator restart failed", slot.WorkerId);
        }
    }

    private bool IsRestartingLocked(string workerId) =>
        _restarts.TryGetValue(workerId, out var task) && !task.IsCompleted;
}
