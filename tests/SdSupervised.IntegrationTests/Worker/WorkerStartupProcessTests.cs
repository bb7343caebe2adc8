using SdSupervised.Contracts;

namespace SdSupervised.IntegrationTests.Worker;

/// <summary>A worker that cannot start says why in one SDS-STARTUP-ERROR line and exits 2; one whose parent dies goes with it.</summary>
public sealed class WorkerStartupProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Unknown_engine_exits_2_with_one_startup_error_line()
    {
        await using var worker = await WorkerProcess.StartAsync(["--pipe", WorkerProcess.NewPipeName(), "--worker-id", "w", "--engine", "bogus"]);

        Assert.Equal(WorkerProtocol.StartupFailureExitCode, await worker.WaitForExitAsync(Deadline));
        var line = Assert.Single(worker.Stderr.Split('\n'), l => l.StartsWith(WorkerProtocol.StartupErrorPrefix, StringComparison.Ordinal));
        Assert.Contains("unknown engine 'bogus'", line);
    }

    [Fact]
    public async Task Missing_pipe_argument_exits_2_saying_it_is_required()
    {
        await using var worker = await WorkerProcess.StartAsync(["--worker-id", "w", "--engine", "synthetic"]);

        Assert.Equal(WorkerProtocol.StartupFailureExitCode, await worker.WaitForExitAsync(Deadline));
        Assert.Contains(WorkerProtocol.StartupErrorPrefix + "--pipe <name> is required", worker.Stderr);
    }

    [Fact]
    public async Task Native_engine_without_a_library_exits_2_naming_every_path_tried()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"sdsw-missing-{Guid.NewGuid():N}", "libstable-diffusion.so");
        await using var worker = await WorkerProcess.StartAsync(
            ["--pipe", WorkerProcess.NewPipeName(), "--worker-id", "w", "--engine", "native"],
            environment: new Dictionary<string, string> { ["SDS_NATIVE_LIBRARY"] = missing });

        Assert.Equal(WorkerProtocol.StartupFailureExitCode, await worker.WaitForExitAsync(Deadline));
        var line = Assert.Single(worker.Stderr.Split('\n'), l => l.StartsWith(WorkerProtocol.StartupErrorPrefix, StringComparison.Ordinal));
        Assert.Contains(missing, line);
        Assert.Contains(Path.Combine("runtimes", "linux-x64", "native", "cuda12", "libstable-diffusion.so"), line);
        Assert.Contains("system loader", line);
        Assert.Contains("set --native-library or SDS_NATIVE_LIBRARY, or use --engine synthetic", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Nobody_connecting_within_the_timeout_exits_2()
    {
        await using var worker = await WorkerProcess.StartAsync(
            ["--pipe", WorkerProcess.NewPipeName(), "--worker-id", "w", "--engine", "synthetic", "--connect-timeout-ms", "300"]);

        Assert.Equal(WorkerProtocol.StartupFailureExitCode, await worker.WaitForExitAsync(Deadline));
        Assert.Contains(WorkerProtocol.StartupErrorPrefix + "no supervisor connected", worker.Stderr);
    }

    [Fact]
    public async Task Worker_is_killed_by_the_kernel_when_its_parent_is_killed()
    {
        // sh starts the worker and waits for it; the worker would wait 30 s for a connection. Killing sh
        // with SIGKILL (as an OOM killer or `kill -9` of the supervisor would) must end the worker at once
        // through PR_SET_PDEATHSIG; nothing else could, since the pipe never opened.
        await using var shell = await WorkerProcess.StartAsync(
            "/bin/sh",
            ["-c", "\"$0\" \"$@\" & echo $!; wait", WorkerProcess.ExecutablePath,
             "--pipe", WorkerProcess.NewPipeName(), "--worker-id", "orphan", "--engine", "synthetic", "--connect-timeout-ms", "30000"]);

        Assert.True(await Poll.UntilAsync(() => shell.StdoutLines.Count > 0, Deadline), "sh printed no pid");
        var workerPid = int.Parse(shell.StdoutLines[0]);
        try
        {
            Assert.True(await shell.WaitForStderrAsync("waiting on pipe", Deadline), $"worker never started:\n{shell.Stderr}");
            Assert.True(ProcessProbe.IsAlive(workerPid));

            shell.KillWithoutChildren();

            Assert.True(await Poll.UntilAsync(() => !ProcessProbe.IsAlive(workerPid), TimeSpan.FromSeconds(5)), "the orphaned worker is still running");
        }
        finally
        {
            ProcessProbe.Kill(workerPid);
        }
    }
}
