using System.Diagnostics;
using System.IO.Pipes;
using SdSupervised.Contracts;
using StreamJsonRpc;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>
/// The real sds-worker executable, started as a process and spoken to over the real pipe, the way the
/// supervisor does. Dispose always kills it, even when the test failed.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly List<string> _stderr = [];
    private readonly List<string> _stdout = [];
    private JsonRpc? _rpc;
    private IWorkerRpc? _proxy;

    private WorkerProcess(Process process, string pipeName)
    {
        _process = process;
        PipeName = pipeName;
    }

    /// <summary>Where the test build put the worker (the supervisor's output, copied to sds/, has worker/ inside).</summary>
    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "sds", "worker", "sds-worker");

    public string PipeName { get; }

    public int ProcessId => _process.Id;

    public IWorkerRpc Rpc => _proxy ?? throw new InvalidOperationException("Not connected.");

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get { lock (_stderr) return string.Join('\n', _stderr); }
    }

    /// <summary>Should stay empty: the worker logs to stderr only.</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get { lock (_stdout) return [.. _stdout]; }
    }

    public static string NewPipeName() => $"sdsw-test-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Starts a synthetic worker with short step and load times, connects and attaches the proxy.</summary>
    public static async Task<WorkerProcess> StartSyntheticAsync(
        bool allowFaults = false,
        int stepMs = 5,
        int loadMs = 20,
        RpcFormatterKind formatter = RpcFormatterKind.MessagePack)
    {
        List<string> args =
        [
            "--pipe", NewPipeName(), "--worker-id", "test", "--engine", "synthetic",
            "--synthetic-step-ms", stepMs.ToString(), "--synthetic-load-ms", loadMs.ToString(),
            "--rpc-formatter", formatter == RpcFormatterKind.Json ? "json" : "msgpack",
        ];
        if (allowFaults)
            args.Add("--allow-fault-injection");

        var worker = await StartAsync(args);
        try
        {
            await worker.ConnectAsync(formatter);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the worker executable with exactly these arguments; does not connect.</summary>
    public static Task<WorkerProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(ExecutablePath, args, environment);

    /// <summary>Starts any program (e.g. a shell that starts the worker); stdout and stderr are captured.</summary>
    public static async Task<WorkerProcess> StartAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, PipeNameIn(info.ArgumentList));
        process.ErrorDataReceived += (_, e) => worker.Capture(worker._stderr, e.Data);
        process.OutputDataReceived += (_, e) => worker.Capture(worker._stdout, e.Data);
        await SpawnThread.StartAsync(() =>
        {
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return process;
        });
        return worker;
    }

    /// <summary>Connects with retries until the worker listens, it exits, or the deadline passes.</summary>
    public async Task ConnectAsync(RpcFormatterKind formatter = RpcFormatterKind.MessagePack)
    {
        var deadline = DateTime.UtcNow + ConnectTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Worker exited with {_process.ExitCode} before accepting the pipe. stderr:\n{Stderr}");
            var client = new NamedPipeClientStream(".", PipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                await client.ConnectAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                _rpc = WorkerRpcConnection.Create(client, formatter);
                _proxy = _rpc.Attach<IWorkerRpc>();
                _rpc.StartListening();
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or IOException)
            {
                await client.DisposeAsync();
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"Worker did not accept pipe {PipeName} within {ConnectTimeout}. stderr:\n{Stderr}", ex);
            }
        }
    }

    /// <summary>The exit code (128 + signal for a signal death, as .NET reports it), or null if still running at the deadline.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public Task<bool> WaitForStderrAsync(string text, TimeSpan timeout) =>
        Poll.UntilAsync(() => Stderr.Contains(text, StringComparison.Ordinal), timeout);

    /// <summary>Closes our end of the pipe, as a supervisor that lets a worker go would.</summary>
    public void ClosePipe()
    {
        _rpc?.Dispose();
        _rpc = null;
        _proxy = null;
    }

    /// <summary>SIGKILL to this process only; its children are left to fend for themselves.</summary>
    public void KillWithoutChildren() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        ClosePipe();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception)
        {
            // Already gone, or never started; nothing left to stop.
        }
        _process.Dispose();

        // A worker that crashed or was killed leaves its socket file behind (.NET removes it only on a clean exit).
        if (PipeName.Length > 0)
        {
            try
            {
                File.Delete(Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + PipeName));
            }
            catch (IOException)
            {
            }
        }
    }

    private static string PipeNameIn(IList<string> args)
    {
        var index = args.IndexOf("--pipe");
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : "";
    }

    private void Capture(List<string> lines, string? line)
    {
        if (line is null)
            return;
        lock (lines) lines.Add(line);
    }
}
