using System.IO.Pipes;
using SdSupervised.Contracts;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Platform;
using SdSupervised.Worker.Rpc;
using SdSupervised.Worker.Tracing;

namespace SdSupervised.Worker;

/// <summary>
/// The worker's life: guard against orphaning, parse the command line, build the engine, accept the
/// supervisor's one pipe connection, serve IWorkerRpc until the pipe closes. Anything that stops it before
/// the handshake is one <c>SDS-STARTUP-ERROR:</c> line and exit code 2.
/// </summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var log = new WorkerLog();

        // First, before anything slow: if the supervisor is already gone, nobody will ever connect or kill us.
        if (!OrphanGuard.TryArm(out var guardProblem))
        {
            log.Error($"exiting: {guardProblem}");
            return 1;
        }
        if (guardProblem is not null)
            log.Warn(guardProblem);

        try
        {
            var options = WorkerOptionsParser.Parse(args);
            // Disposed on the way out: a clean exit flushes the spans still batched.
            using var tracing = WorkerTraceExport.Start(options);
            var engine = EngineFactory.Create(options, log);
            return await ServeAsync(options, engine, log);
        }
        catch (WorkerStartupException ex)
        {
            // Exactly one line: the supervisor shows everything after the prefix as the slot's reason.
            StandardError.WriteLine(WorkerProtocol.StartupErrorPrefix + ex.Message.ReplaceLineEndings(" "));
            return WorkerProtocol.StartupFailureExitCode;
        }
        catch (Exception ex)
        {
            // A bug, not a crash of the library: left unhandled the runtime would abort() (exit 134) and the
            // supervisor would take it for a native abort. Say what it was instead.
            StandardError.WriteLine(WorkerProtocol.StartupErrorPrefix + $"unexpected {ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" "));
            return WorkerProtocol.StartupFailureExitCode;
        }
    }

    private static async Task<int> ServeAsync(WorkerOptions options, IDiffusionEngine engine, WorkerLog log)
    {
        NamedPipeServerStream pipe;
        try
        {
            pipe = new NamedPipeServerStream(options.PipeName, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            throw new WorkerStartupException($"cannot open pipe '{options.PipeName}': {ex.Message}");
        }

        await using (pipe)
        {
            log.Info($"worker {options.WorkerId} (pid {Environment.ProcessId}, {engine.Kind.ToString().ToLowerInvariant()} engine) waiting on pipe {options.PipeName}");
            using (var timeout = new CancellationTokenSource(options.ConnectTimeout))
            {
                try
                {
                    await pipe.WaitForConnectionAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new WorkerStartupException(
                        $"no supervisor connected to pipe '{options.PipeName}' within {options.ConnectTimeout.TotalSeconds:0.#}s; the worker is started by sd-supervised, not by hand");
                }
            }

            var service = new WorkerRpcService(engine, options, log);
            using var rpc = WorkerRpcConnection.Create(pipe, options.RpcFormatter);
            rpc.AddLocalRpcTarget<IWorkerRpc>(service, null);
            rpc.StartListening();
            log.Info($"supervisor connected ({options.RpcFormatter} formatter)");

            try
            {
                await rpc.Completion;
            }
            catch (Exception ex)
            {
                // A broken pipe or a malformed message ends the connection; either way there is nobody left to serve.
                log.Warn($"connection ended with {ex.GetType().Name}: {ex.Message}");
            }

            log.Info("pipe closed; exiting");
            return 0;
        }
    }
}
