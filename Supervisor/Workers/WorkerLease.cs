namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// A reservation of a slot's worker for one holder (a job or a model operation), returned by
/// <see cref="WorkerSlot.TryReserve"/>. Everything the holder does to the slot goes through here, and only while the
/// lease is held: released once (as soon as the worker is free, before outputs are encoded), after which a late
/// state change, model record or kill can never touch the next holder.
/// </summary>
public sealed class WorkerLease
{
    private readonly WorkerSlot _slot;
    private int _released;

    internal WorkerLease(WorkerSlot slot, IWorkerConnection worker, WorkerHolder holder)
    {
        _slot = slot;
        Worker = worker;
        Holder = holder;
    }

    public IWorkerConnection Worker { get; }
    public WorkerHolder Holder { get; }
    public string WorkerId => _slot.WorkerId;
    public bool IsHeld => Volatile.Read(ref _released) == 0;

    /// <summary>The model the worker holds now (as the slot records it).</summary>
    public string? LoadedModel => _slot.Snapshot.LoadedModel;

    /// <summary>The slot shows Loading while the holder loads a model.</summary>
    public bool IsLoadingModel => _slot.Snapshot.State == WorkerState.Loading;

    public void LoadingModel() => Change(WorkerState.Loading);

    public void Generating() => Change(WorkerState.Busy);

    public void SetLoadedModel(string? modelId)
    {
        if (IsHeld)
            _slot.SetLoadedModel(this, modelId);
    }

    /// <summary>The device memory the worker said was in use when the job ended (recycling reads it).</summary>
    public void ReportDeviceMemory(long? usedBytes)
    {
        if (IsHeld && usedBytes is { } used)
            _slot.ReportDeviceMemory(this, used);
    }

    /// <summary>Kills the worker (e.g. no progress) with the reason recorded as ours; nothing once released.</summary>
    public void Kill(KillReason reason, string detail)
    {
        if (IsHeld)
            _slot.Kill(this, reason, detail);
    }

    /// <summary>Frees the slot; <paramref name="served"/> when the holder's work completed (or failed cleanly) on this worker.</summary>
    public void Release(bool served)
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _slot.Release(this, served);
    }

    private void Change(WorkerState state)
    {
        if (IsHeld)
            _slot.SetHolderState(this, state);
    }
}
