using SdSupervised.Contracts;
using SdSupervised.IntegrationTests.Worker;

namespace SdSupervised.IntegrationTests.Native;

/// <summary>Startup of the native engine without the real library: these always run.</summary>
public sealed class NativeEngineStartupTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Library_that_is_not_stable_diffusion_cpp_is_refused_naming_the_missing_exports()
    {
        // Any real shared library loads; libc is mapped into every process. It just is not the C API we bind.
        var libc = File.ReadLines("/proc/self/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .First(path => path is not null && Path.GetFileName(path).StartsWith("libc.so", StringComparison.Ordinal))!;
        await using var worker = await WorkerProcess.StartAsync(
            ["--pipe", WorkerProcess.NewPipeName(), "--worker-id", "w", "--engine", "native", "--native-library", libc]);

        Assert.Equal(WorkerProtocol.StartupFailureExitCode, await worker.WaitForExitAsync(Deadline));
        var line = Assert.Single(worker.Stderr.Split('\n'), l => l.StartsWith(WorkerProtocol.StartupErrorPrefix, StringComparison.Ordinal));
        Assert.Contains($"{libc} does not export sd_set_log_callback", line);
        Assert.Contains("it is not stable-diffusion.cpp's C API at master-827-97d2990", line);
    }
}
