using SdSupervised.IntegrationTests.Worker;

namespace SdSupervised.IntegrationTests.Native;

/// <summary>Starts the real worker with the native engine on the library under test, as a cpu slot.</summary>
internal static class NativeWorker
{
    /// <summary>Starts and connects; the caller disposes (which kills it).</summary>
    public static async Task<WorkerProcess> StartAsync(params string[] extraArgs)
    {
        var worker = await StartUnconnectedAsync(cudaVisibleDevices: "", extraArgs);
        try
        {
            await worker.ConnectAsync();
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    public static Task<WorkerProcess> StartUnconnectedAsync(string cudaVisibleDevices, params string[] extraArgs) =>
        WorkerProcess.StartAsync(
            ["--pipe", WorkerProcess.NewPipeName(), "--worker-id", "native-test", "--engine", "native",
             "--native-library", NativeLibraryFactAttribute.LibraryPath!, .. extraArgs],
            new Dictionary<string, string>
            {
                // As the supervisor starts a cpu slot; ggml would otherwise fork gdb on abort.
                ["CUDA_VISIBLE_DEVICES"] = cudaVisibleDevices,
                ["GGML_NO_BACKTRACE"] = "1",
                ["DOTNET_DbgEnableMiniDump"] = "0",
            });
}
