using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Loads and unloads models on workers outside jobs (the /api/models/{id}/load and /unload endpoints). It reserves
/// an idle slot the way the scheduler does (TryReserve → call through the lease → Release), so a job and a load
/// never share a worker, and the slot's loaded model stays the one key the scheduler's affinity reads.
/// </summary>
public sealed class WorkerModelOperations(WorkerPool pool, IOptions<SupervisorOptions> options, TimeProvider time, ILogger<WorkerModelOperations> logger)
{
    /// <summary>Loads <paramref name="spec"/> on <paramref name="workerId"/>, or on an idle worker (one holding nothing first).</summary>
    public async Task<ModelOperationResult> LoadAsync(ModelLoadSpec spec, string? workerId, CancellationToken cancellationToken)
    {
        var id = spec.ModelId;
        WorkerSlot? slot;
        if (workerId is not null)
        {
            slot = pool.Find(workerId);
            if (slot is null)
                return new(ModelOperationStatus.WorkerNotFound, id, workerId, $"no worker '{workerId}' (workers: {string.Join(", ", pool.Slots.Select(s => s.WorkerId))})");
            if (string.Equals(slot.LoadedModel, id, StringComparison.Ordinal))
                return new(ModelOperationStatus.AlreadyLoaded, id, slot.WorkerId, $"worker '{slot.WorkerId}' already holds '{id}'");
            if (!slot.Spec.Models.Allows(id))
                return new(ModelOperationStatus.NotAllowed, id, slot.WorkerId, $"worker '{slot.WorkerId}' may not load '{id}' (its Sds:Slots:{slot.WorkerId}:Models / Exclude rules)");
        }
        else
        {
            if (pool.Slots.FirstOrDefault(s => string.Equals(s.LoadedModel, id, StringComparison.Ordinal)) is { } holder)
                return new(ModelOperationStatus.AlreadyLoaded, id, holder.WorkerId, $"worker '{holder.WorkerId}' already holds '{id}'");
            var allowed = pool.Slots.Where(s => s.Spec.Models.Allows(id)).ToList();
            if (allowed.Count == 0 && pool.Slots.Count > 0)
                return new(ModelOperationStatus.NotAllowed, id, null, $"no worker may load '{id}': every slot's Sds:Slots:<id>:Models / Exclude rules refuse it");
            slot = allowed.Where(s => s.Snapshot.IsIdle).OrderBy(s => s.LoadedModel is null ? 0 : 1).FirstOrDefault();
            if (slot is null)
                return new(ModelOperationStatus.WorkerBusy, id, null, "no worker is idle; try again when one is, or name one with worker_id");
        }

        if (!slot.TryReserve(new WorkerHolder(WorkerHolderKind.ModelLoad, id), out var lease))
            return new(ModelOperationStatus.WorkerBusy, id, slot.WorkerId, $"worker '{slot.WorkerId}' is {slot.State.ToString().ToLowerInvariant()}, not idle");
        var worker = lease.Worker;
        var served = false;
        try
        {
            lease.LoadingModel();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(worker.ExitedToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.Resilience.ModelLoadTimeoutSeconds));
            var started = time.GetTimestamp();
            LoadedModel loaded;
            try
            {
                // Not the request's token: a client that hangs up must not leave a half-built context behind.
                loaded = await worker.Rpc.LoadModelAsync(spec, null, timeout.Token);
                served = true;
            }
            catch (OperationCanceledException) when (!worker.HasExited)
            {
                lease.Kill(KillReason.Hang, $"loading model '{id}' took longer than {options.Value.Resilience.ModelLoadTimeoutSeconds} s");
                return new(ModelOperationStatus.Failed, id, slot.WorkerId, $"loading '{id}' timed out; the worker was restarted");
            }
            if (!loaded.Success)
            {
                lease.SetLoadedModel(null);
                logger.LogWarning("Loading model {ModelId} on worker {WorkerId} failed: {Error}", id, slot.WorkerId, loaded.Error);
                return new(ModelOperationStatus.Failed, id, slot.WorkerId, loaded.Error ?? $"model '{id}' did not load");
            }
            lease.SetLoadedModel(id);
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            logger.LogInformation("Model {ModelId} loaded on worker {WorkerId} in {Seconds:0.00} s", id, slot.WorkerId, seconds);
            return new(ModelOperationStatus.Loaded, id, slot.WorkerId, $"loaded on '{slot.WorkerId}'") { Seconds = seconds };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || worker.HasExited)
        {
            lease.SetLoadedModel(null);
            logger.LogWarning(ex, "Loading model {ModelId} on worker {WorkerId} failed", id, slot.WorkerId);
            return new(ModelOperationStatus.Failed, id, slot.WorkerId, $"worker '{slot.WorkerId}' failed while loading '{id}': {ex.Message}");
        }
        finally
        {
            lease.Release(served);
        }
    }

    /// <summary>Unloads <paramref name="modelId"/> from <paramref name="workerId"/>, or from every worker holding it.</summary>
    public async Task<IReadOnlyList<ModelOperationResult>> UnloadAsync(string modelId, string? workerId, CancellationToken cancellationToken)
    {
        List<WorkerSlot> slots;
        if (workerId is not null)
        {
            var slot = pool.Find(workerId);
            if (slot is null)
                return [new(ModelOperationStatus.WorkerNotFound, modelId, workerId, $"no worker '{workerId}'")];
            slots = [slot];
        }
        else
        {
            slots = pool.Slots.Where(s => string.Equals(s.LoadedModel, modelId, StringComparison.Ordinal)).ToList();
        }
        if (slots.Count == 0 || slots.All(s => !string.Equals(s.LoadedModel, modelId, StringComparison.Ordinal)))
            return [new(ModelOperationStatus.NotLoaded, modelId, workerId, $"no worker holds '{modelId}'")];

        var results = new List<ModelOperationResult>();
        foreach (var slot in slots)
            results.Add(await UnloadFromAsync(slot, modelId));
        return results;
    }

    private async Task<ModelOperationResult> UnloadFromAsync(WorkerSlot slot, string modelId)
    {
        if (!string.Equals(slot.LoadedModel, modelId, StringComparison.Ordinal))
            return new(ModelOperationStatus.NotLoaded, modelId, slot.WorkerId, $"worker '{slot.WorkerId}' does not hold '{modelId}'");
        if (!slot.TryReserve(new WorkerHolder(WorkerHolderKind.ModelUnload, modelId), out var lease))
            return new(ModelOperationStatus.WorkerBusy, modelId, slot.WorkerId, $"worker '{slot.WorkerId}' is {slot.State.ToString().ToLowerInvariant()}; unload it when it is idle");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(lease.Worker.ExitedToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.Resilience.PingTimeoutSeconds + 30));
            await lease.Worker.Rpc.UnloadModelAsync(timeout.Token);
            lease.SetLoadedModel(null);
            logger.LogInformation("Model {ModelId} unloaded from worker {WorkerId}", modelId, slot.WorkerId);
            return new(ModelOperationStatus.Unloaded, modelId, slot.WorkerId, $"unloaded from '{slot.WorkerId}'");
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Unloading model {ModelId} from worker {WorkerId} failed", modelId, slot.WorkerId);
            return new(ModelOperationStatus.Failed, modelId, slot.WorkerId, $"unloading '{modelId}' from '{slot.WorkerId}' failed: {ex.Message}");
        }
        finally
        {
            lease.Release(served: !lease.Worker.HasExited);
        }
    }
}
