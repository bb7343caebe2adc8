namespace SdSupervised.Contracts;

/// <summary>Ask the synthetic engine to fail the way the native library fails, at a given sampling step.</summary>
public sealed record FaultSpec
{
    public InjectedFault Kind { get; init; }
    /// <summary>1-based sampling step at which the fault fires.</summary>
    public int Step { get; init; } = 1;
}

public enum InjectedFault
{
    /// <summary>A real SIGSEGV from native code.</summary>
    Segv,
    /// <summary><c>GGML_ASSERT(...) failed</c> on stderr, then abort().</summary>
    Abort,
    /// <summary>ggml's CUDA out-of-memory lines on stderr, then abort().</summary>
    CudaOom,
    /// <summary>ggml's CUDA illegal-memory-access lines on stderr, then abort().</summary>
    CudaError,
    /// <summary>Stops progressing; the process stays alive and ignores cancellation.</summary>
    Hang,
    /// <summary>A clean failure: no image, no crash.</summary>
    Fail,
    /// <summary>Exit with <see cref="WorkerProtocol.InjectedExitCode"/>.</summary>
    Exit,
}
