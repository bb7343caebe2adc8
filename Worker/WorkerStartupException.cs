namespace SdSupervised.Worker;

/// <summary>
/// The worker cannot start (bad command line, missing library, nobody connected). The message is the
/// reason the supervisor shows for the slot, so it says what is wrong and what to do.
/// </summary>
public sealed class WorkerStartupException(string reason) : Exception(reason);
