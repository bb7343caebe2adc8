using SdSupervised.Contracts;

namespace SdSupervised.Worker.Rpc;

/// <summary>
/// Records each report on the running operation (for PingAsync), then forwards it to the caller's
/// progress proxy. Synchronous on purpose: System.Progress would post to the thread pool and could reorder steps.
/// </summary>
public sealed class TrackingProgress(RunningOperation operation, IProgress<GenerationProgress>? inner) : IProgress<GenerationProgress>
{
    public void Report(GenerationProgress value)
    {
        operation.Advance(value.Step, value.Steps);
        try
        {
            inner?.Report(value);
        }
        catch (Exception)
        {
            // A vanished connection must not fail the work; the pipe closing ends the worker anyway.
        }
    }
}
