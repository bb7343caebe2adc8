namespace SdSupervised.Supervisor.Workers;

/// <summary>Why a worker or a job failed (ARCHITECTURE §4). Serialized as snake_case in the API.</summary>
public enum FailureKind
{
    /// <summary>Killed by SIGSEGV.</summary>
    Segfault,
    /// <summary>SIGABRT, typically after <c>GGML_ASSERT(...) failed</c>.</summary>
    NativeAbort,
    /// <summary><c>CUDA error: out of memory</c> or a failed device allocation.</summary>
    CudaOutOfMemory,
    /// <summary>Any other <c>CUDA error</c>.</summary>
    CudaError,
    /// <summary>No progress within the stall timeout, or no answer to pings; we killed it.</summary>
    Hang,
    /// <summary>SIGKILL that we did not send (the kernel's OOM killer, an operator).</summary>
    Killed,
    /// <summary>Exited before finishing its handshake: library, device or executable missing.</summary>
    StartupFailure,
    /// <summary>The engine returned no context for the model; the worker is kept.</summary>
    ModelLoadFailure,
    /// <summary>The engine returned no image without dying; the worker is kept.</summary>
    GenerationFailed,
    /// <summary>Any other exit we did not ask for (non-zero code, other signal, pipe closed).</summary>
    UnexpectedExit,
    /// <summary>The supervisor's own I/O failed (outputs or inputs could not be written or read: disk full, read-only,
    /// permission denied). Never a worker failure: the worker is kept.</summary>
    StorageError,
    /// <summary>An unexpected error in the supervisor itself while running the job (a bug): retried a bounded number of times.</summary>
    InternalError,
    /// <summary>The cluster node running the job stopped renewing its lease (killed, cut off, paused); another node took the job over.</summary>
    NodeLost,
}
