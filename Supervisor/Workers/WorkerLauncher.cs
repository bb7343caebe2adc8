using System.IO.Pipes;
using CliWrap;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using Microsoft.Extensions.Options;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Starts a worker with CliWrap, connects to its pipe and completes the handshake, or reports a
/// <see cref="FailureKind.StartupFailure"/> with the reason (the worker's own startup error line when it wrote one).
/// </summary>
public sealed class WorkerLauncher(
    ProcessSpawner spawner,
    WorkerPipeDirectory pipes,
    IOptions<SupervisorOptions> options,
    IOptions<Observability.TracingOptions> tracing,
    TimeProvider time,
    ILogger<WorkerLauncher> logger) : IWorkerLauncher
{
    private const int KeptLines = 64;

    public async Task<IWorkerConnection> LaunchAsync(WorkerSlotSpec spec, Func<WorkerActivity> activity, CancellationToken cancellationToken)
    {
        var pipeName = pipes.NewSocketPath(spec.Id);
        var lines = new LogRingBuffer(KeptLines);
        var command = BuildCommand(spec, pipeName, lines);

        CommandTask<CommandResult> task;
        try
        {
            task = await spawner.SpawnAsync(() => command.ExecuteAsync(CancellationToken.None));
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or FileNotFoundException or UnauthorizedAccessException)
        {
            var evidence = new WorkerExitEvidence
            {
                LaunchError = $"cannot start worker executable '{spec.Executable}': {ex.Message}. Check --worker-executable (or Slots:{spec.Id}:WorkerExecutable).",
            };
            throw new WorkerStartupException(new WorkerExitReport(evidence, FailureClassifier.Classify(evidence), time.GetUtcNow(), TimeSpan.Zero));
        }

        var process = new WorkerProcess(spec.Id, task, lines, activity, logger, time);
        _ = process.Exited.ContinueWith(_ => WorkerPipeDirectory.Delete(pipeName), TaskScheduler.Default);
        logger.LogInformation("Worker {WorkerId} started: pid {Pid}, engine {Engine}, device {Device}", spec.Id, process.ProcessId, spec.Engine, spec.Device);
        try
        {
            await HandshakeAsync(process, pipeName, cancellationToken);
            return process;
        }
        catch (Exception ex) when (ex is not WorkerStartupException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await process.StopAsync(KillReason.Stop, CancellationToken.None);
                throw;
            }
            if (!process.HasExited)
            {
                var seconds = options.Value.Resilience.HandshakeTimeoutSeconds;
                process.Kill(KillReason.HandshakeTimeout, $"worker did not complete its handshake within {seconds} s ({ex.GetType().Name}: {ex.Message})");
            }
            var report = await process.Exited;
            throw new WorkerStartupException(report);
        }
    }

    private async Task HandshakeAsync(WorkerProcess process, string pipeName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, process.ExitedToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.Resilience.HandshakeTimeoutSeconds));

        var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await pipe.ConnectAsync(timeout.Token);
        }
        catch
        {
            await pipe.DisposeAsync();
            throw;
        }
        var rpc = WorkerRpcConnection.Create(pipe);
        var proxy = rpc.Attach<IWorkerRpc>();
        rpc.StartListening();
        WorkerInfo info;
        try
        {
            info = await proxy.HelloAsync(WorkerProtocol.Version, timeout.Token);
        }
        catch
        {
            rpc.Dispose();
            throw;
        }
        if (info.ProtocolVersion != WorkerProtocol.Version)
        {
            rpc.Dispose();
            throw new InvalidOperationException($"worker speaks protocol {info.ProtocolVersion}, the supervisor {WorkerProtocol.Version}: install matching supervisor and worker builds");
        }
        process.Attach(rpc, proxy, info);
        logger.LogInformation("Worker {WorkerId} ready: pid {Pid}, engine {Engine}, devices {Devices}",
            process.SlotId, info.ProcessId, info.Engine, info.Devices);
    }

    private Command BuildCommand(WorkerSlotSpec spec, string pipeName, LogRingBuffer lines)
    {
        var args = new List<string> { "--pipe", pipeName, "--worker-id", spec.Id, "--engine", spec.Engine };
        if (spec.AllowFaultInjection) args.Add("--allow-fault-injection");
        args.AddRange(["--synthetic-step-ms", spec.SyntheticStepMs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange(["--synthetic-load-ms", spec.SyntheticLoadMs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (spec.SyntheticDeviceMemoryBytes is { } deviceBytes)
        {
            args.AddRange(["--synthetic-device-memory-bytes", deviceBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            args.AddRange(["--synthetic-memory-growth-bytes", spec.SyntheticMemoryGrowthBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        if (spec.NativeLibrary is { Length: > 0 } lib) args.AddRange(["--native-library", lib]);
        // The worker exports its spans itself, to the same collector; they join the job's trace by the context in each call.
        if (tracing.Value.Enabled)
            args.AddRange(["--otlp-endpoint", tracing.Value.OtlpEndpoint!, "--otlp-protocol", tracing.Value.OtlpProtocol]);

        var env = new Dictionary<string, string?>
        {
            // ggml otherwise forks gdb on abort() and stalls for minutes.
            ["GGML_NO_BACKTRACE"] = "1",
            // A crashing worker must die with its signal, not spend seconds writing a dump.
            ["DOTNET_DbgEnableMiniDump"] = "0",
        };
        if (spec.CudaVisibleDevices is not null)
            env["CUDA_VISIBLE_DEVICES"] = spec.CudaVisibleDevices;

        var (fileName, prefixArgs) = ResolveExecutable(spec.Executable);
        return Cli.Wrap(fileName)
            .WithArguments([.. prefixArgs, .. args])
            .WithEnvironmentVariables(env)
            .WithWorkingDirectory(Path.GetDirectoryName(Path.GetFullPath(spec.Executable)) ?? Environment.CurrentDirectory)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => OnLine(spec.Id, line, lines)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => OnLine(spec.Id, line, lines)));
    }

    /// <summary>A .dll is run through the dotnet host; anything else is executed directly.</summary>
    private static (string FileName, string[] PrefixArgs) ResolveExecutable(string executable) =>
        executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? (Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet", [executable])
            : (executable, []);

    private void OnLine(string workerId, string line, LogRingBuffer lines)
    {
        lines.Add(line);
        if (LooksLikeError(line))
            logger.LogWarning("[{WorkerId}] {WorkerLine}", workerId, line);
        else
            logger.LogInformation("[{WorkerId}] {WorkerLine}", workerId, line);
    }

    private static bool LooksLikeError(string line) =>
        line.Contains("error", StringComparison.OrdinalIgnoreCase)
        || line.Contains("GGML_ASSERT", StringComparison.Ordinal)
        || line.StartsWith(WorkerProtocol.StartupErrorPrefix, StringComparison.Ordinal);
}
