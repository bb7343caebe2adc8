namespace SdSupervised.Supervisor.Workers;

/// <summary>A classified worker failure: the kind decides the action, the message is what a person reads.</summary>
public sealed record WorkerFailure(FailureKind Kind, string Message)
{
    /// <summary>Kinds after which the worker process is gone and a job that was running on it may be retried.</summary>
    public bool IsCrash => IsCrashKind(Kind);

    public static bool IsCrashKind(FailureKind kind) => kind is FailureKind.Segfault or FailureKind.NativeAbort or FailureKind.CudaOutOfMemory
        or FailureKind.CudaError or FailureKind.Hang or FailureKind.Killed or FailureKind.UnexpectedExit;
}
