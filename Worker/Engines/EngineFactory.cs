using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Native;
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
                DeviceMemoryBytes = options.SyntheticDeviceMemoryBytes,
                MemoryGrowthPerJobBytes = options.SyntheticMemoryGrowthBytes,
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

        try
        {
            SdLibraryBinding.Bind(resolution.Found);
        }
        catch (MissingExportsException ex)
        {
            throw new WorkerStartupException(ex.Message);
        }

        var library = new SdLibrary();
        var version = library.Version;
        var commit = library.Commit;
        var allowUnpinned = options.AllowUnpinnedNative
            || Environment.GetEnvironmentVariable(NativeVersionPolicy.AllowUnpinnedEnvironmentVariable) is "1" or "true";
        if (NativeVersionPolicy.Check(version, commit, allowUnpinned, out var warning) is { } refused)
            throw new WorkerStartupException($"{resolution.Found.Path}: {refused}");
        if (warning is not null)
            log.Warn(warning);

        if (SdLibraryBinding.LoadDynamicBackends() is { } loadedBackends)
            log.Info(loadedBackends);

        var devices = NativeDevice.ParseList(library.DeviceList());
        var selection = NativeDeviceSelector.Select(Environment.GetEnvironmentVariable(NativeDeviceSelector.CudaVisibleDevices), devices);

        var engineOptions = new NativeEngineOptions { Backend = selection.Backend, EagerLoad = options.NativeEagerLoad };
        var events = new NativeEventHub(StandardError.WriteLines, engineOptions.MinimumLogLevel);
        library.InstallCallbacks(events);
        log.Info($"native engine: {resolution.Found} version {version} commit {commit}; {selection.Description}; " +
                 $"backend {selection.Backend ?? "(library default)"}, {(engineOptions.EagerLoad ? "eager" : "lazy")} weight loading");

        return new NativeEngine(library, engineOptions, events, log, new EngineDescription
        {
            NativeVersion = version,
            NativeCommit = commit,
            Devices = [.. devices.Select(d => d.ToString())],
        });
    }
}
