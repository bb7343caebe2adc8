namespace SdSupervised.Supervisor.Generation.Sync;

/// <summary>What a synchronous call does with its job when the client hangs up while waiting (<c>Sds:Sync:OnDisconnect</c>).</summary>
public enum DisconnectPolicy
{
    /// <summary>The job goes on; its result is kept and can be fetched later by id.</summary>
    Keep,
    /// <summary>The job is cancelled (queued: at once; running: the worker is asked to stop), so no GPU works for nobody.</summary>
    Cancel,
}
