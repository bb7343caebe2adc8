namespace SdSupervised.Supervisor.Hosting;

/// <summary>
/// What <see cref="DataDirectoryLock.TryAcquire"/> found: the <see cref="Lock"/>; or another process holds it
/// (<see cref="HeldElsewhere"/>, with its pid when readable); or the lock could not be tried (<see cref="Error"/>);
/// or this platform has no such lock (<see cref="Warning"/>: the supervisor runs unlocked).
/// </summary>
public sealed record DataDirectoryLockResult(DataDirectoryLock? Lock, int? HolderPid, string? Error, string? Warning)
{
    public bool HeldElsewhere => Lock is null && Error is null && Warning is null;
}
