using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// The real supervisor (<c>dotnet sds/sd-supervised.dll</c>) on a free port and a temp data dir, with its
/// log captured. Disposing kills it and every worker it was seen to own, so a failed test leaves nothing behind.
/// </summary>
public sealed class SupervisorProcess : IAsyncDisposable
{
    private static readonly string SupervisorDir = Path.Combine(AppContext.BaseDirectory, "sds");
    public static readonly string SupervisorDll = Path.Combine(SupervisorDir, "sd-supervised.dll");

    private readonly ITestOutputHelper? _output;
    private readonly ConcurrentDictionary<int, byte> _workerPids = new();
    private Process? _process;
    private bool _disposed;

    private SupervisorProcess(ITestOutputHelper? output, SupervisorOptions options)
    {
        _output = output;
        Options = options;
        DataDir = options.DataDir ?? Path.Combine(Path.GetTempPath(), "sds-it", $"{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(Path.Combine(DataDir, "models"));
        Log = new SupervisorLog();
    }

    public SupervisorOptions Options { get; }
    public string DataDir { get; }
    public int Port { get; private set; }
    public SupervisorLog Log { get; }
    public ApiClient Api { get; private set; } = null!;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");
    public bool HasExited => _process is null || _process.HasExited;
    public IReadOnlyCollection<int> SeenWorkerPids => _workerPids.Keys.ToArray();

    /// <summary>Starts a supervisor and waits until it is ready (health answers and the expected workers are usable).</summary>
    public static async Task<SupervisorProcess> StartAsync(ITestOutputHelper? output, SupervisorOptions? options = null)
    {
        options ??= new SupervisorOptions();
        if (!File.Exists(SupervisorDll))
            throw new XunitException($"supervisor not found at {SupervisorDll}: the test build copies the supervisor's output under sds/");

        var supervisor = new SupervisorProcess(output, options);
        try
        {
            // The free port is racy: another process may grab it between our probe and Kestrel's bind.
            for (var attempt = 1; ; attempt++)
            {
                supervisor.Port = attempt == 1 && options.Port is { } chosen ? chosen : FreePort.Pick();
                supervisor.Api?.Dispose();
                supervisor.Api = new ApiClient(supervisor.BaseAddress, () => supervisor.Log.Tail(), supervisor.RememberWorkers);
                supervisor.Launch();
                try
                {
                    await supervisor.WaitUntilReadyAsync();
                    return supervisor;
                }
                catch (XunitException) when (attempt < 3 && supervisor.HasExited && supervisor.Log.Contains("address already in use"))
                {
                    supervisor.Log.Note("port was taken; retrying on another");
                }
            }
        }
        catch
        {
            await supervisor.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a supervisor that is meant to refuse to run (e.g. on a data dir another one holds) and waits for it to exit:
    /// its exit code, and the process for its log. Fails when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, SupervisorProcess Process)> RunToExitAsync(ITestOutputHelper? output, SupervisorOptions options, TimeSpan timeout)
    {
        var supervisor = new SupervisorProcess(output, options);
        supervisor.Port = options.Port ?? FreePort.Pick();
        supervisor.Api = new ApiClient(supervisor.BaseAddress, () => supervisor.Log.Tail(), supervisor.RememberWorkers);
        supervisor.Launch();
        var clock = Stopwatch.StartNew();
        while (!supervisor.HasExited && clock.Elapsed < timeout) await Task.Delay(20);
        if (!supervisor.HasExited)
        {
            var log = supervisor.Log.Tail(120);
            await supervisor.DisposeAsync();
            throw new XunitException($"the supervisor on port {supervisor.Port} was still running after {timeout.TotalSeconds:F0} s; it should have exited\n{log}");
        }
        // The exit is seen before the last output lines are read; the pipes close right after.
        await supervisor._process!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return (supervisor._process.ExitCode, supervisor);
    }

    /// <summary>Starts the supervisor again on the same port and data dir, after it was killed or stopped.</summary>
    public async Task RestartAsync(int? readyWorkers = null)
    {
        if (!HasExited) throw new InvalidOperationException("the supervisor is still running; kill or terminate it first");
        Log.Note("restarting the supervisor on the same port and data dir");
        Launch();
        await WaitUntilReadyAsync(readyWorkers);
    }

    /// <summary>SIGKILL to the supervisor alone (not its tree): whether workers die with it is what tests look at.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        Log.Note($"SIGKILL supervisor pid {process.Id}");
        process.Kill(entireProcessTree: false);
        // WaitForExitAsync also waits for the output pipes to close; a child that inherited them would hold it.
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        if (!process.HasExited) throw new XunitException($"the supervisor survived SIGKILL for 10 s\n{Log.Tail()}");
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code, or null when it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan waitForExit)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        Log.Note($"SIGTERM supervisor pid {process.Id}");
        Posix.Kill(process.Id, Posix.SIGTERM);
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < waitForExit) await Task.Delay(20);
        if (!process.HasExited) return null;
        Log.Note($"supervisor exited with code {process.ExitCode}");
        return process.ExitCode;
    }

    /// <summary>Live children of the supervisor right now (the worker processes, seen from /proc).</summary>
    public IReadOnlyList<int> ChildPids() => HasExited ? [] : Posix.ChildrenOf(Pid);

    /// <summary>The failure message's context: the supervisor log's tail.</summary>
    public string Context(int lines = 80) => Log.Tail(lines);

    public XunitException Fail(string message, JobSnapshot? job = null) => Api.Fail(message, job);

    /// <summary>An assertion whose failure shows the job JSON (when given) and the supervisor log's tail.</summary>
    public void Expect(bool condition, string message, JobSnapshot? job = null)
    {
        if (!condition) throw Fail(message, job);
    }

    private void RememberWorkers(StatusSnapshot status)
    {
        foreach (var w in status.Workers)
            if (w.Pid is int pid && pid > 0) _workerPids.TryAdd(pid, 0);
    }

    private void Launch()
    {
        var psi = new ProcessStartInfo
        {
            FileName = DotnetHost(),
            WorkingDirectory = DataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(SupervisorDll);
        foreach (var arg in Arguments()) psi.ArgumentList.Add(arg);

        // Whatever the test runner's environment says about URLs must not move the supervisor off --port.
        foreach (var key in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS" })
            psi.Environment.Remove(key);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SDS__", StringComparison.Ordinal)).ToArray())
            psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in Options.Environment) psi.Environment[key] = value;

        Log.Note($"start: {psi.FileName} {string.Join(' ', psi.ArgumentList)}" +
                 (Options.Environment.Count == 0 ? "" : "  env: " + string.Join(' ', Options.Environment.Select(kv => $"{kv.Key}={kv.Value}"))));

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Log.Add("out", e.Data);
        process.ErrorDataReceived += (_, e) => Log.Add("err", e.Data);
        process.Exited += (_, _) => Log.Note($"supervisor process exited (code {SafeExitCode(process)})");
        if (!process.Start()) throw new XunitException("could not start the supervisor process");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
    }

    private IEnumerable<string> Arguments()
    {
        yield return "--port";
        yield return Port.ToString();
        yield return "--data-dir";
        yield return DataDir;
        yield return "--models-dir";
        yield return Path.Combine(DataDir, "models");
        yield return "--workers";
        yield return Options.WorkerSpec ?? Options.Workers.ToString();
        yield return "--engine";
        yield return Options.Engine;
        if (Options.AllowFaultInjection) yield return "--allow-fault-injection";
        yield return "--synthetic-step-ms";
        yield return Options.StepMs.ToString();
        foreach (var arg in Options.ExtraArgs) yield return arg;
    }

    private async Task WaitUntilReadyAsync(int? readyWorkers = null)
    {
        var required = readyWorkers ?? Options.RequiredReadyWorkers;
        var clock = Stopwatch.StartNew();
        string last = "<no answer yet>";
        while (clock.Elapsed < Options.StartupDeadline)
        {
            if (HasExited)
                throw new XunitException($"the supervisor exited (code {SafeExitCode(_process)}) before it was ready\n{Log.Tail(120)}");
            var listening = Log.Snapshot().Where(l => l.Contains("Now listening on:", StringComparison.Ordinal)).ToArray();
            if (listening.Length > 0 && !listening.Any(l => l.Contains($":{Port}", StringComparison.Ordinal)))
                throw new XunitException($"the supervisor listens somewhere else, not on --port {Port}\n{Log.Tail(120)}");
            try
            {
                var health = await Api.GetAsync("/api/health");
                last = health.ToString();
                if (health.Code == 200)
                {
                    var status = await Api.GetStatusAsync();
                    last = status.ToString();
                    if (status.Workers.Count(w => w.IsUsable) >= required)
                    {
                        Log.Note($"ready after {clock.Elapsed.TotalSeconds:F1} s");
                        return;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or XunitException)
            {
                last = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
            }
            await Task.Delay(50);
        }
        throw new XunitException(
            $"the supervisor on port {Port} was not ready within {Options.StartupDeadline.TotalSeconds:F0} s " +
            $"(wanted /api/health 200 and {required} worker(s) idle|loading|busy in /api/status).\nlast answer: {last}\n{Log.Tail(120)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;

        // Learn the workers while the supervisor can still tell us, then kill it and them.
        if (!HasExited)
        {
            foreach (var child in Posix.ChildrenOf(Pid)) _workerPids.TryAdd(child, 0);
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Api.GetStatusAsync().WaitAsync(cts.Token);
            }
            catch (Exception) { /* best effort */ }
            foreach (var child in Posix.ChildrenOf(Pid)) _workerPids.TryAdd(child, 0);
            try { _process!.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            try { await _process!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        }
        foreach (var pid in _workerPids.Keys)
        {
            // Only what is recognisably one of our workers: a pid seen minutes ago may have been reused.
            var cmd = Posix.CommandLine(pid);
            if (Posix.IsAlive(pid) && cmd is not null && cmd.Contains("sds-worker", StringComparison.OrdinalIgnoreCase))
            {
                Log.Note($"cleanup: SIGKILL leftover worker pid {pid} ({cmd})");
                Posix.Kill(pid, Posix.SIGKILL);
            }
        }

        if (_output is not null)
        {
            try
            {
                foreach (var line in Log.Snapshot().TakeLast(3000)) _output.WriteLine(line);
            }
            catch (InvalidOperationException) { /* the test already finished; nowhere to write */ }
        }

        Api?.Dispose();
        _process?.Dispose();
        if (Options.DataDir is null && Environment.GetEnvironmentVariable("SDS_IT_KEEP_DATA") is null)
        {
            try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    internal static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli)) return fromCli;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private static string SafeExitCode(Process? process)
    {
        try { return process is { HasExited: true } ? process.ExitCode.ToString() : "running"; }
        catch (InvalidOperationException) { return "?"; }
    }
}
