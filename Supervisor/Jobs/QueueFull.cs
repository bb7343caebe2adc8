namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// A submit refused because <see cref="Waiting"/> jobs (queued, or admitted and being stored) already reach
/// <see cref="Limit"/> (<c>Sds:Limits:MaxQueueLength</c>); <see cref="RetryAfter"/> is about when a place frees up.
/// </summary>
public sealed record QueueFull(int Waiting, int Limit, TimeSpan RetryAfter);
