using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SdSupervised.Tests.Infrastructure.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for tests: <c>initdb</c> into a temporary directory, the postmaster on a free
/// loopback port (run as the <c>postgres</c> system user when the tests run as root, since PostgreSQL refuses root),
/// durability switched off because nothing in it needs to outlive the run, and everything removed on dispose. The
/// postmaster gets SIGKILL if the test process dies first (<c>setpriv --pdeathsig</c>), so no server is left behind.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string SuperUser = "sds";
    private const int SigInt = 2;

    private readonly DirectoryInfo _root;
    private readonly Process _postmaster;
    private int _databases;

    private PostgresServer(DirectoryInfo root, Process postmaster, int port)
    {
        _root = root;
        _postmaster = postmaster;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the server's <c>postgres</c> database as the superuser.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = SuperUser,
        Database = database,
        Timeout = 10,
    }.ToString();

    /// <summary>A new empty database, so each test starts from nothing without starting a server of its own.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..24];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public static async Task<PostgresServer> StartAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("sds-pg-");
        try
        {
            var data = Path.Combine(root.FullName, "data");
            var sockets = Path.Combine(root.FullName, "run");
            Directory.CreateDirectory(sockets);
            var owner = binaries.RunAs;
            if (owner is not null)
            {
                await RunAsync("chown", ["-R", owner, root.FullName], null, cancellationToken);
            }

            await RunAsync(binaries.InitDb, ["-D", data, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
                owner, cancellationToken);

            var port = FreePort();
            var postmaster = Start(binaries.Postgres,
            [
                "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", sockets,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "log_min_messages=warning",
            ], owner);
            var server = new PostgresServer(root, postmaster, port);
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_postmaster.HasExited)
        {
            // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, nothing is waited for.
            _ = Kill(_postmaster.Id, SigInt);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _postmaster.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _postmaster.Kill(entireProcessTree: true);
            }
        }

        _postmaster.Dispose();
        NpgsqlConnection.ClearAllPools();
        TryDelete(_root);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_postmaster.HasExited)
            {
                throw new InvalidOperationException(
                    $"postgres exited with {_postmaster.ExitCode} at start: {await _postmaster.StandardError.ReadToEndAsync(cancellationToken)}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static Process Start(string program, IReadOnlyList<string> arguments, string? runAs)
    {
        var info = Command(program, arguments, runAs);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        var process = StartFromOwnThread(info) ?? throw new InvalidOperationException($"could not start {program}");
        // Drained so a chatty server never blocks on a full pipe; kept only for the start-up error above.
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>
    /// setpriv's --pdeathsig fires when the *thread* that forked the server ends, not the test process: started from a
    /// thread-pool thread, the server was SIGKILLed whenever that thread retired (minutes into a run: "terminating
    /// connection due to unexpected postmaster exit"). So it is forked from a thread of its own that lives until the
    /// server exits, and the server still dies with the test process.
    /// </summary>
    private static Process? StartFromOwnThread(ProcessStartInfo info)
    {
        Process? process = null;
        Exception? error = null;
        using var started = new ManualResetEventSlim();
        var parent = new Thread(() =>
        {
            try
            {
                process = Process.Start(info);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            finally
            {
                started.Set();
            }
            process?.WaitForExit();
        })
        { IsBackground = true, Name = "postgres parent" };
        parent.Start();
        started.Wait();
        if (error is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return process;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string? runAs, CancellationToken cancellationToken)
    {
        var info = Command(program, arguments, runAs);
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    /// <summary>As root, the program runs as <paramref name="runAs"/> and dies with its parent (setpriv execs it, so the pid is the server's).</summary>
    private static ProcessStartInfo Command(string program, IReadOnlyList<string> arguments, string? runAs)
    {
        var info = new ProcessStartInfo { UseShellExecute = false };
        if (runAs is null)
        {
            info.FileName = program;
        }
        else
        {
            info.FileName = "setpriv";
            foreach (var a in new[] { $"--reuid={runAs}", $"--regid={runAs}", "--init-groups", "--pdeathsig=SIGKILL", "--" })
            {
                info.ArgumentList.Add(a);
            }

            info.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // initdb and postgres read the locale; C keeps them independent of the machine's settings.
        info.Environment["LC_ALL"] = "C";
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
