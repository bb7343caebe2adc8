using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SdSupervised.Bench;

/// <summary>
/// One real <c>sd-supervised</c> process with synthetic workers, on a free port and a temp data dir, its log captured.
/// Disposing kills it, every worker pid it reported, and deletes the temp dir; <see cref="KillAllNow"/> does the same
/// for every live instance when the bench itself is stopped.
/// </summary>
public sealed partial class SupervisorProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<SupervisorProcess, byte> Live = new();

    private readonly Process _process;
    private readonly string _root;
    private readonly List<string> _log = [];
    private readonly Lock _logLock = new();
    private readonly ConcurrentDictionary<int, byte> _workerPids = new();
    private int _disposed;

    private SupervisorProcess(SupervisorLaunch launch, int port)
    {
        Launch = launch;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _root = Path.Combine(Path.GetTempPath(), $"sds-bench-{Environment.ProcessId}-{launch.Label}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        Directory.CreateDirectory(Path.Combine(_root, "models"));
        Http = CreateHttpClient(BaseAddress, maxConnections: 4);

        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     SupervisorDll, "--port", port.ToString(), "--data-dir", Path.Combine(_root, "data"),
                     "--models-dir", Path.Combine(_root, "models"), "--workers", launch.Workers.ToString(),
                     "--engine", "synthetic", "--synthetic-step-ms", launch.StepMs.ToString(),
                 })
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SDS__", StringComparison.OrdinalIgnoreCase) || k is "ASPNETCORE_URLS" or "DOTNET_URLS").ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in launch.Environment)
            start.Environment[key] = value;

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        Live[this] = 0;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public SupervisorLaunch Launch { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    /// <summary>For the harness's own calls (a few connections); load generators make their own clients.</summary>
    public HttpClient Http { get; }
    public int ProcessId => _process.Id;

    public static string SupervisorDll => Path.Combine(AppContext.BaseDirectory, "sds", "sd-supervised.dll");
    public static string WorkerExecutable => Path.Combine(AppContext.BaseDirectory, "sds", "worker", "sds-worker");

    /// <summary>The <c>dotnet</c> host running this bench when it runs under one, else <c>dotnet</c> from PATH.</summary>
    private static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    /// <summary>Starts a supervisor and waits until all its workers are idle; a clear exception (with the log tail) if it does not come up.</summary>
    public static async Task<SupervisorProcess> StartAsync(SupervisorLaunch launch, CancellationToken cancellationToken)
    {
        if (!File.Exists(SupervisorDll))
            throw new InvalidOperationException($"Supervisor not found at {SupervisorDll}; build the bench project (it copies the supervisor under sds/).");
        if (!File.Exists(WorkerExecutable))
            throw new InvalidOperationException($"Worker not found at {WorkerExecutable}; build the bench project (it copies the worker under sds/worker/).");

        for (var attempt = 1; ; attempt++)
        {
            var supervisor = new SupervisorProcess(launch, FreePort());
            try
            {
                await supervisor.WaitUntilReadyAsync(cancellationToken);
                return supervisor;
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested && supervisor.LogContains("address already in use"))
            {
                // The free port was taken between probing and binding; try another.
                await supervisor.DisposeAsync();
            }
            catch
            {
                await supervisor.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>A client that never goes through a proxy and keeps its connections (no reconnects inside measurements).</summary>
    public static HttpClient CreateHttpClient(Uri baseAddress, int maxConnections) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string last = "no answer yet";
        while (deadline.Elapsed < Launch.ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw Failure($"exited with code {_process.ExitCode} before its workers were idle");
            try
            {
                var workers = await GetWorkersAsync(cancellationToken);
                last = string.Join(", ", workers.Select(w => $"{w.Id}={w.State}"));
                if (workers.Count == Launch.Workers && workers.All(w => w.State == "idle"))
                    return;
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(50, cancellationToken);
        }
        throw Failure($"did not come up within {Launch.ReadyTimeout.TotalSeconds:0} s (last status: {last})");
    }

    /// <summary>An exception naming this supervisor, what went wrong, and its last log lines.</summary>
    public InvalidOperationException Failure(string what) =>
        new($"supervisor '{Launch.Label}' (port {Port}) {what}.{Environment.NewLine}Last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, LogTail(25).Select(l => "  | " + l))}");

    // ---- log ----

    private void Append(string? line)
    {
        if (line is null)
            return;
        line = AnsiEscape().Replace(line, "");
        lock (_logLock)
            _log.Add(line);
    }

    public int LogCount
    {
        get
        {
            lock (_logLock)
                return _log.Count;
        }
    }

    public IReadOnlyList<string> LogTail(int count)
    {
        lock (_logLock)
            return _log.Skip(Math.Max(0, _log.Count - count)).ToList();
    }

    public bool LogContains(string text)
    {
        lock (_logLock)
            return _log.Any(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The first line at or after <paramref name="fromIndex"/> that matches, or null.</summary>
    public Match? FindLog(Regex pattern, int fromIndex)
    {
        lock (_logLock)
        {
            for (var i = Math.Max(0, fromIndex); i < _log.Count; i++)
            {
                var match = pattern.Match(_log[i]);
                if (match.Success)
                    return match;
            }
        }
        return null;
    }

    /// <summary>Waits for a matching log line at or after <paramref name="fromIndex"/>; throws with the log tail on timeout.</summary>
    public async Task<Match> WaitForLogAsync(Regex pattern, int fromIndex, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (FindLog(pattern, fromIndex) is { } match)
                return match;
            if (deadline.Elapsed > timeout)
                throw Failure($"logged no line matching /{pattern}/ within {timeout.TotalSeconds:0} s");
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Lines matching <paramref name="pattern"/> from <paramref name="fromIndex"/> on.</summary>
    public int CountLog(Regex pattern, int fromIndex)
    {
        lock (_logLock)
            return _log.Skip(Math.Max(0, fromIndex)).Count(l => pattern.IsMatch(l));
    }

    // ---- HTTP ----

    public async Task<IReadOnlyList<WorkerView>> GetWorkersAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync("api/status", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var workers = new List<WorkerView>();
        foreach (var w in doc.RootElement.GetProperty("workers").EnumerateArray())
        {
            int? pid = w.TryGetProperty("pid", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null;
            if (pid is { } seen)
                _workerPids[seen] = 0;
            var failure = w.TryGetProperty("last_failure", out var f) && f.ValueKind == JsonValueKind.Object
                ? $"{f.GetProperty("kind").GetString()}: {f.GetProperty("message").GetString()}"
                : null;
            var standby = w.TryGetProperty("standby", out var sb) && sb.ValueKind == JsonValueKind.String ? sb.GetString() : null;
            var recycles = w.TryGetProperty("recycles", out var rc) && rc.ValueKind == JsonValueKind.Number ? rc.GetInt32() : 0;
            workers.Add(new WorkerView(w.GetProperty("id").GetString()!, w.GetProperty("state").GetString()!, pid, w.GetProperty("restarts").GetInt32(), failure, standby, recycles));
        }
        return workers;
    }

    public async Task<WorkerView> GetWorkerAsync(string id, CancellationToken cancellationToken) =>
        (await GetWorkersAsync(cancellationToken)).SingleOrDefault(w => w.Id == id)
        ?? throw Failure($"shows no worker '{id}' in /api/status");

    /// <summary>Polls /api/status every <paramref name="pollMs"/> until worker <paramref name="id"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<WorkerView> WaitForWorkerAsync(string id, Func<WorkerView, bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken, int pollMs = 20)
    {
        var deadline = Stopwatch.StartNew();
        WorkerView? last = null;
        while (deadline.Elapsed < timeout)
        {
            last = await GetWorkerAsync(id, cancellationToken);
            if (condition(last))
                return last;
            await Task.Delay(pollMs, cancellationToken);
        }
        throw Failure($"worker {id} was not {what} within {timeout.TotalSeconds:0} s (last: {last})");
    }

    /// <summary>Prints a note for every worker that restarted, which a figure that kills nothing must say: its numbers include the restart.</summary>
    public async Task ReportUnexpectedRestartsAsync(CancellationToken cancellationToken)
    {
        foreach (var w in await GetWorkersAsync(cancellationToken))
        {
            if (w.Restarts > 0)
                Console.WriteLine($"  note: worker {w.Id} restarted {w.Restarts} time(s) during this figure (last failure: {w.LastFailure ?? "none recorded"}); the figures above include that.");
        }
    }

    /// <summary>Submits a text2img job and returns its id.</summary>
    public async Task<string> SubmitText2ImgAsync(int width, int height, int steps, long seed, CancellationToken cancellationToken, HttpClient? client = null)
    {
        var body = $$"""{"prompt":"sds-bench","width":{{width}},"height":{{height}},"steps":{{steps}},"seed":{{seed}},"batch_count":1}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await (client ?? Http).PostAsync("api/generate/text2img", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw Failure($"answered {(int)response.StatusCode} to a text2img submit: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("job_id").GetString()!;
    }

    public async Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken, HttpClient? client = null)
    {
        using var response = await (client ?? Http).GetAsync($"api/queue/job/{id}", cancellationToken);
        response.EnsureSuccessStatusCode();
        return ParseJob(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public static JobView ParseJob(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new JobView(
            root.GetProperty("job_id").GetString()!,
            root.GetProperty("status").GetString()!,
            root.GetProperty("attempts").GetInt32(),
            root.GetProperty("created_at").GetDateTimeOffset(),
            Timestamp(root, "started_at"),
            Timestamp(root, "completed_at"),
            root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e.GetRawText() : null);

        static DateTimeOffset? Timestamp(JsonElement root, string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset() : null;
    }

    /// <summary>Polls a job until it ends; throws unless it completed.</summary>
    public async Task<JobView> WaitForCompletionAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var job = await GetJobAsync(id, cancellationToken);
            if (job.Status == "completed")
                return job;
            if (job.IsTerminal)
                throw Failure($"ended job {id} as {job.Status}: {job.Error}");
            await Task.Delay(20, cancellationToken);
        }
        throw Failure($"did not complete job {id} within {timeout.TotalSeconds:0} s");
    }

    // ---- processes ----

    /// <summary>SIGKILLs a worker pid after checking it still is one of ours (pids get reused).</summary>
    public static bool KillWorker(int pid)
    {
        if (!IsWorkerProcess(pid))
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(); // SIGKILL on Unix
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsWorkerProcess(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("sds-worker", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Kills every live supervisor and worker this bench started (Ctrl-C, SIGTERM, unhandled failure).</summary>
    public static void KillAllNow()
    {
        foreach (var supervisor in Live.Keys)
            supervisor.KillProcesses();
    }

    private void KillProcesses()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        // Workers die with their parent (PR_SET_PDEATHSIG), but a bench must not rely on what it measures.
        foreach (var pid in _workerPids.Keys)
            KillWorker(pid);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        KillProcesses();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"warning: supervisor '{Launch.Label}' (pid {_process.Id}) did not exit 10 s after SIGKILL");
        }
        _process.Dispose();
        Http.Dispose();
        Live.TryRemove(this, out _);
        for (var attempt = 0; attempt < 3 && Directory.Exists(_root); attempt++)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException) when (attempt < 2)
            {
                await Task.Delay(200);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"warning: could not delete {_root}: {ex.Message}");
            }
        }
    }

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
