using System.Diagnostics;
using System.Text.Json;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Packaging;

[Collection(PackagingCollection.Name)]
public sealed class InstalledProgramTests(PackagingFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Installed_program_reads_the_shipped_config_and_serves_health_with_its_own_worker()
    {
        var dir = fixture.NewTempDir("run");
        var apphost = Path.Combine(fixture.ProgramDir, "sd-supervised");
        var config = Path.Combine(fixture.Stage, "etc", "sd-supervised", "appsettings.json");
        var log = new List<string>();

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Pick();
            using var process = Start(apphost, dir, log,
                "--config", config, "--port", port.ToString(), "--data-dir", Path.Combine(dir, "data"),
                "--models-dir", Path.Combine(dir, "models"), "--workers", "1", "--engine", "synthetic");
            try
            {
                var workerPid = await WaitForIdleWorkerAsync(process, port, log);
                // The worker is the installed one, found beside the supervisor: worker/ made it into the tree and runs.
                var workerCommand = Posix.CommandLine(workerPid) ?? "";
                Assert.Contains(Path.Combine(fixture.ProgramDir, "worker", "sds-worker"), workerCommand, StringComparison.Ordinal);
                return;
            }
            catch (XunitException) when (attempt < 3 && process.HasExited && Snapshot(log).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                output.WriteLine($"port {port} was taken; trying another");
            }
            finally
            {
                Stop(process);
                output.WriteLine(Snapshot(log));
            }
        }
    }

    private static Process Start(string apphost, string workingDirectory, List<string> log, params string[] arguments)
    {
        var psi = new ProcessStartInfo(apphost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        // Nothing from the runner's environment may move it off --port or make it talk to a real systemd.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SDS__", StringComparison.Ordinal)
                     || k is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_HTTP_PORTS" or "HTTP_PORTS"
                     || k is "NOTIFY_SOCKET" or "WATCHDOG_USEC" or "WATCHDOG_PID" or "JOURNAL_STREAM").ToArray())
            psi.Environment.Remove(key);
        // The apphost finds a runtime in the usual places; elsewhere, use the one running these tests
        // (what install.sh's DOTNET_ROOT drop-in does for the service).
        if (!psi.Environment.ContainsKey("DOTNET_ROOT") && PackagingFixture.DotnetDirectory() is { } dotnetDir)
            psi.Environment["DOTNET_ROOT"] = dotnetDir;
        lock (log) log.Add($"start: {apphost} {string.Join(' ', arguments)}");

        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls until /api/health answers 200 and worker w0 is idle; returns the worker's pid.</summary>
    private static async Task<int> WaitForIdleWorkerAsync(Process process, int port, List<string> log)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "<no answer yet>";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new XunitException($"the installed supervisor exited with {process.ExitCode} before it was ready\n{Snapshot(log)}");
            try
            {
                using var health = await http.GetAsync("/api/health");
                last = $"/api/health {(int)health.StatusCode}";
                if (health.IsSuccessStatusCode)
                {
                    using var status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
                    last = status.RootElement.GetRawText();
                    var worker = status.RootElement.GetProperty("workers").EnumerateArray().FirstOrDefault();
                    if (worker.ValueKind == JsonValueKind.Object && worker.GetProperty("state").GetString() == "idle"
                        && worker.GetProperty("pid").TryGetInt32(out var pid) && pid > 0)
                        return pid;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = $"{e.GetType().Name}: {e.Message}";
            }
            await Task.Delay(100);
        }
        throw new XunitException($"the installed supervisor on port {port} had no idle worker within 60 s; last answer: {last}\n{Snapshot(log)}");
    }

    private static void Stop(Process process)
    {
        if (process.HasExited) return;
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(10_000);
    }

    private static string Snapshot(List<string> log)
    {
        lock (log) return string.Join('\n', log);
    }
}
