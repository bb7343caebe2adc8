namespace SdSupervised.Supervisor.Workers;

/// <summary>One replacement of a slot's snapshot, as published on <see cref="WorkerSlotEvents"/>.</summary>
public sealed record WorkerSlotChange(WorkerSlotSnapshot Previous, WorkerSlotSnapshot Current, string? Reason)
{
    public bool StateChanged => Previous.State != Current.State;
}
