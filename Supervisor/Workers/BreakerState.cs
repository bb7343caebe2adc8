namespace SdSupervised.Supervisor.Workers;

/// <summary>A slot's circuit breaker, as shown in status: closed (serving), open (faulted) or half-open (a probe worker is starting).</summary>
public enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}
