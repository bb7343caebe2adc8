using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines;

/// <summary>Builds the engine named on the command line, or explains (as a startup failure) why it cannot.</summary>
public static class EngineFactory
{
    public static IDiffusionEngine Create(WorkerOptions options, WorkerLog log) => options.Engine switch
    {
        EngineKind.Synthetic => new SyntheticEngine(
            new SyntheticEngineOptions
            {
                StepTime = TimeSpan.FromMilliseconds(options.SyntheticStepMs),
                LoadTime = TimeSpan.FromMilliseconds(options.SyntheticLoadMs),
            },
            new FaultInjector(options.AllowFaultInjection, log),
            log),
        EngineKind.Native => CreateNative(options, log),
        _ => throw new WorkerStartupException($"engine '{options.Engine}' is not supported by this worker; use --engine synthetic or native"),
    };

    private static IDiffusionEngine CreateNative(WorkerOptions options, WorkerLog log)
    {
        var resolver = new NativeLibraryResolver(
            NativeLibraryResolver.StandardCandidates(
                options.NativeLibrary,
                Environment.GetEnvironmentVariable(NativeLibraryResolver.EnvironmentVariable),
                AppContext.BaseDirectory),
            NativeLibraryResolver.ProbeWithDlopen);
        var resolution = resolver.Resolve();
        if (resolution.Found is null)
            throw new WorkerStartupException(resolution.NotFoundReason());

        foreach (var attempt in resolution.Failed)
            log.Warn($"native library candidate {attempt.Candidate} skipped: {attempt.Failure}");

        // The P/Invoke binding is its own issue; until it lands, say plainly what was found and what works today.
        throw new WorkerStartupException(
            $"found {resolution.Found.Path}, but this build's native binding is not implemented yet (native engine issue); use --engine synthetic");
    }
}
