using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Storage;

/// <summary>Worker pipe sockets live in the data dir's run/ folder; a supervisor killed with -9 leaves none behind after its restart.</summary>
public sealed class PipeSocketTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Supervisor_kill_9_with_two_workers_then_a_restart_leaves_no_stale_pipe_socket()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2 });
        var runDir = Path.Combine(sup.DataDir, "run");
        var killedPid = sup.Pid;
        var workers = Workers(sup);
        sup.Expect(workers.Count == 2 && workers.All(w => Path.GetDirectoryName(w.Pipe) == runDir),
            $"both workers should listen on a socket in {runDir}: {string.Join(", ", workers)}");

        await sup.KillAsync();
        var deadline = DateTime.UtcNow + Timeouts.Soon;
        while (workers.Any(w => Posix.IsAlive(w.Pid)) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        sup.Expect(!workers.Any(w => Posix.IsAlive(w.Pid)), $"the workers should die with the supervisor: {string.Join(", ", workers)}");
        var stale = Sockets(runDir);
        sup.Expect(stale.Count >= 1, $"a killed supervisor's workers should have left their sockets (else this test proves nothing): {string.Join(", ", stale)}");

        await sup.RestartAsync();
        var live = Workers(sup).Select(w => w.Pipe).ToList();
        var left = Sockets(runDir);
        sup.Expect(live.Count == 2 && left.ToHashSet().SetEquals(live),
            $"after the restart {runDir} should hold exactly the live workers' sockets\n  live: {string.Join(", ", live)}\n  there: {string.Join(", ", left)}");
        var tmp = Directory.EnumerateFileSystemEntries(Path.GetTempPath(), $"CoreFxPipe_sds-{killedPid}-*").ToList();
        sup.Expect(tmp.Count == 0, $"no socket of the killed supervisor may be left in {Path.GetTempPath()}: {string.Join(", ", tmp)}");
    }

    private static List<string> Sockets(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal)] : [];

    /// <summary>Each live worker of the supervisor with its --pipe argument, from /proc.</summary>
    private static List<(int Pid, string Pipe)> Workers(SupervisorProcess sup) =>
        [.. sup.ChildPids()
            .Select(pid => (Pid: pid, Args: (Posix.CommandLine(pid) ?? "").Split(' ')))
            .Select(w => (w.Pid, Pipe: Array.IndexOf(w.Args, "--pipe") is var i and >= 0 && i + 1 < w.Args.Length ? w.Args[i + 1] : null))
            .Where(w => w.Pipe is not null)
            .Select(w => (w.Pid, w.Pipe!))
            .OrderBy(w => w.Item2, StringComparer.Ordinal)];
}
