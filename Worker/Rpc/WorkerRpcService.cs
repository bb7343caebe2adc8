using SdSupervised.Contracts;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Logging;
using SdSupervised.Worker.Tracing;

namespace SdSupervised.Worker.Rpc;

/// <summary>
/// Serves <see cref="IWorkerRpc"/> over the pipe. StreamJsonRpc dispatches calls concurrently, so PingAsync
/// answers while a generation runs; the engine itself sees one operation (load, unload, generate) at a time,
/// and a second one gets a clean "worker busy" instead of racing it.
/// </summary>
public sealed class WorkerRpcService(IDiffusionEngine engine, WorkerOptions options, WorkerLog log) : IWorkerRpc
{
    private RunningOperation? _running;

    public Task<WorkerInfo> HelloAsync(int protocolVersion, CancellationToken cancellationToken)
    {
        if (protocolVersion != WorkerProtocol.Version)
        {
            log.Error($"hello: protocol mismatch, supervisor speaks {protocolVersion}, worker speaks {WorkerProtocol.Version}");
            throw new InvalidOperationException(
                $"worker protocol mismatch: the supervisor speaks version {protocolVersion}, this worker (sds-worker) speaks version {WorkerProtocol.Version}; " +
                "install the supervisor and worker from the same build");
        }

        var description = engine.Description;
        log.Info($"hello: protocol {protocolVersion}, engine {engine.Kind}, worker {options.WorkerId}, fault injection {(options.AllowFaultInjection ? "on" : "off")}");
        return Task.FromResult(new WorkerInfo
        {
            ProtocolVersion = WorkerProtocol.Version,
            WorkerId = options.WorkerId,
            Engine = engine.Kind,
            ProcessId = Environment.ProcessId,
            NativeVersion = description.NativeVersion,
            NativeCommit = description.NativeCommit,
            Devices = description.Devices,
            FaultInjectionEnabled = options.AllowFaultInjection,
            DeviceMemoryTotalBytes = engine.DeviceMemoryTotalBytes,
        });
    }

    public async Task<LoadedModel> LoadModelAsync(ModelLoadSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = new RunningOperation("model load", jobId: null);
        if (TryBegin(operation) is { } busy)
        {
            log.Warn($"load {spec.ModelId}: refused, {busy} is running");
            return new LoadedModel { Success = false, ModelId = spec.ModelId, Error = $"worker busy: {busy} is running" };
        }

        using var span = WorkerTracing.Start("engine_load", spec.Trace, options.WorkerId);
        span?.SetTag("sds.model", spec.ModelId);
        try
        {
            log.Info($"load {spec.ModelId}: starting");
            var tracking = new TrackingProgress(operation, progress);
            var result = await ModelLoadFallback.LoadAsync(spec, s => engine.LoadModelAsync(s, tracking, cancellationToken), log.Info);
            WorkerTracing.End(span, result.Success, result.Error);
            if (result.Success)
                log.Info($"load {spec.ModelId}: ready in {result.LoadSeconds:0.00}s");
            else
                log.Warn($"load {spec.ModelId}: failed: {result.Error}");
            return result;
        }
        catch (OperationCanceledException)
        {
            log.Info($"load {spec.ModelId}: cancelled");
            span?.SetTag("sds.outcome", "cancelled");
            throw;
        }
        catch (Exception ex)
        {
            log.Error($"load {spec.ModelId}: {ex.GetType().Name}: {ex.Message}");
            WorkerTracing.End(span, success: false, ex.Message);
            return new LoadedModel { Success = false, ModelId = spec.ModelId, Error = $"model load failed: {ex.Message}" };
        }
        finally
        {
            End(operation);
        }
    }

    public async Task UnloadModelAsync(CancellationToken cancellationToken)
    {
        var operation = new RunningOperation("model unload", jobId: null);
        if (TryBegin(operation) is { } busy)
            throw new InvalidOperationException($"worker busy: {busy} is running; unload after it ends");

        try
        {
            log.Info($"unload {engine.LoadedModelId ?? "(nothing loaded)"}");
            await engine.UnloadModelAsync(cancellationToken);
        }
        finally
        {
            End(operation);
        }
    }

    public async Task<GenerationResult> GenerateImageAsync(ImageGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = new RunningOperation("generation", spec.JobId);
        if (TryBegin(operation) is { } busy)
        {
            log.Warn($"generate job {spec.JobId}: refused, {busy} is running");
            return new GenerationResult { Success = false, Error = $"worker busy: {busy} is running; one job at a time" };
        }

        using var span = WorkerTracing.Start("engine_generate", spec.Trace, options.WorkerId);
        span?.SetTag("sds.job.id", spec.JobId);
        span?.SetTag("sds.steps", spec.Steps);
        span?.SetTag("sds.batch", spec.BatchCount);
        span?.SetTag("sds.size", $"{spec.Width}x{spec.Height}");
        try
        {
            log.Info($"generate job {spec.JobId}: {spec.Width}x{spec.Height}, {spec.Steps} steps, batch {spec.BatchCount}, seed {spec.Seed}, attempt {spec.Attempt}");
            var result = await engine.GenerateImageAsync(spec, new TrackingProgress(operation, progress), cancellationToken);
            TagStepRate(span, spec, result);
            WorkerTracing.End(span, result.Success, result.Error);
            if (result.Success)
                log.Info($"generate job {spec.JobId}: done in {result.GenerationSeconds:0.00}s, {result.Images.Length} image(s)");
            else
                log.Warn($"generate job {spec.JobId}: failed: {result.Error}");
            return result;
        }
        catch (OperationCanceledException)
        {
            log.Info($"generate job {spec.JobId}: cancelled");
            span?.SetTag("sds.outcome", "cancelled");
            throw;
        }
        catch (Exception ex)
        {
            // An engine bug is a clean GenerationFailed for the job, not a dead worker.
            log.Error($"generate job {spec.JobId}: {ex.GetType().Name}: {ex.Message}");
            WorkerTracing.End(span, success: false, ex.Message);
            return new GenerationResult { Success = false, Error = $"generation failed: {ex.Message}" };
        }
        finally
        {
            End(operation);
        }
    }

    public async Task<VideoResult> GenerateVideoAsync(VideoGenerationSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = new RunningOperation("video generation", spec.JobId);
        if (TryBegin(operation) is { } busy)
        {
            log.Warn($"video job {spec.JobId}: refused, {busy} is running");
            return new VideoResult { Success = false, Error = $"worker busy: {busy} is running; one job at a time" };
        }

        using var span = WorkerTracing.Start("engine_generate_video", spec.Trace, options.WorkerId);
        span?.SetTag("sds.job.id", spec.JobId);
        span?.SetTag("sds.steps", spec.Steps);
        span?.SetTag("sds.frames", spec.VideoFrames);
        span?.SetTag("sds.size", $"{spec.Width}x{spec.Height}");
        try
        {
            log.Info($"video job {spec.JobId}: {spec.Width}x{spec.Height}x{spec.VideoFrames} at {spec.Fps} fps, {spec.Steps} steps" +
                     $"{(spec.HighNoise is { } high ? $" (+ high noise {high.Steps?.ToString() ?? "auto"})" : "")}, seed {spec.Seed}, attempt {spec.Attempt}");
            var result = await engine.GenerateVideoAsync(spec, new TrackingProgress(operation, progress), cancellationToken);
            WorkerTracing.End(span, result.Success, result.Error);
            if (result.Success)
                log.Info($"video job {spec.JobId}: done in {result.GenerationSeconds:0.00}s, {result.Frames.Length} frame(s)");
            else
                log.Warn($"video job {spec.JobId}: failed: {result.Error}");
            return result;
        }
        catch (OperationCanceledException)
        {
            log.Info($"video job {spec.JobId}: cancelled");
            span?.SetTag("sds.outcome", "cancelled");
            throw;
        }
        catch (Exception ex)
        {
            log.Error($"video job {spec.JobId}: {ex.GetType().Name}: {ex.Message}");
            WorkerTracing.End(span, success: false, ex.Message);
            return new VideoResult { Success = false, Error = $"video generation failed: {ex.Message}" };
        }
        finally
        {
            End(operation);
        }
    }

    public async Task<UpscaleResult> UpscaleAsync(UpscaleSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = new RunningOperation("upscale", spec.JobId);
        if (TryBegin(operation) is { } busy)
        {
            log.Warn($"upscale job {spec.JobId}: refused, {busy} is running");
            return new UpscaleResult { Success = false, Error = $"worker busy: {busy} is running; one job at a time" };
        }

        using var span = WorkerTracing.Start("engine_upscale", spec.Trace, options.WorkerId);
        span?.SetTag("sds.job.id", spec.JobId);
        try
        {
            log.Info($"upscale job {spec.JobId}: {spec.Image.Width}x{spec.Image.Height} with {spec.ModelPath}");
            var result = await engine.UpscaleAsync(spec, new TrackingProgress(operation, progress), cancellationToken);
            WorkerTracing.End(span, result.Success, result.Error);
            if (result.Success)
                log.Info($"upscale job {spec.JobId}: done in {result.Seconds:0.00}s, {result.Image?.Width}x{result.Image?.Height}");
            else
                log.Warn($"upscale job {spec.JobId}: failed: {result.Error}");
            return result;
        }
        catch (OperationCanceledException)
        {
            log.Info($"upscale job {spec.JobId}: cancelled");
            span?.SetTag("sds.outcome", "cancelled");
            throw;
        }
        catch (Exception ex)
        {
            log.Error($"upscale job {spec.JobId}: {ex.GetType().Name}: {ex.Message}");
            WorkerTracing.End(span, success: false, ex.Message);
            return new UpscaleResult { Success = false, Error = $"upscale failed: {ex.Message}" };
        }
        finally
        {
            End(operation);
        }
    }

    public async Task<ConvertResult> ConvertAsync(ConvertSpec spec, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = new RunningOperation("conversion", spec.JobId);
        if (TryBegin(operation) is { } busy)
        {
            log.Warn($"convert job {spec.JobId}: refused, {busy} is running");
            return new ConvertResult { Success = false, Error = $"worker busy: {busy} is running; one job at a time" };
        }

        using var span = WorkerTracing.Start("engine_convert", spec.Trace, options.WorkerId);
        span?.SetTag("sds.job.id", spec.JobId);
        span?.SetTag("sds.output_type", spec.OutputType);
        try
        {
            log.Info($"convert job {spec.JobId}: {spec.InputPath} to {spec.OutputType} at {spec.OutputPath}");
            var result = await engine.ConvertAsync(spec, new TrackingProgress(operation, progress), cancellationToken);
            WorkerTracing.End(span, result.Success, result.Error);
            if (result.Success)
                log.Info($"convert job {spec.JobId}: done in {result.Seconds:0.00}s, {result.OutputBytes} bytes");
            else
                log.Warn($"convert job {spec.JobId}: failed: {result.Error}");
            return result;
        }
        catch (OperationCanceledException)
        {
            log.Info($"convert job {spec.JobId}: cancelled");
            span?.SetTag("sds.outcome", "cancelled");
            throw;
        }
        catch (Exception ex)
        {
            log.Error($"convert job {spec.JobId}: {ex.GetType().Name}: {ex.Message}");
            WorkerTracing.End(span, success: false, ex.Message);
            return new ConvertResult { Success = false, Error = $"conversion failed: {ex.Message}" };
        }
        finally
        {
            End(operation);
        }
    }

    /// <summary>Not logged: the supervisor pings every few seconds and the lines would drown the useful ones.</summary>
    public Task<Heartbeat> PingAsync(CancellationToken cancellationToken)
    {
        var running = Volatile.Read(ref _running);
        return Task.FromResult(new Heartbeat
        {
            Busy = running is not null,
            JobId = running?.JobId,
            Step = running?.Step ?? 0,
            Steps = running?.Steps ?? 0,
            LoadedModelId = engine.LoadedModelId,
            WorkingSetBytes = Environment.WorkingSet,
            DeviceMemoryUsedBytes = engine.DeviceMemoryUsedBytes,
        });
    }

    /// <summary>The generation's steps summary: a span per sampling step would flood the trace for no insight.</summary>
    private static void TagStepRate(System.Diagnostics.Activity? span, ImageGenerationSpec spec, GenerationResult result)
    {
        if (span is null || !result.Success || result.GenerationSeconds <= 0)
            return;
        span.SetTag("sds.engine_seconds", result.GenerationSeconds);
        span.SetTag("sds.steps_per_second", spec.Steps * spec.BatchCount / result.GenerationSeconds);
    }

    /// <summary>Claims the engine; returns the operation already holding it, or null when this one got it.</summary>
    private RunningOperation? TryBegin(RunningOperation operation) =>
        Interlocked.CompareExchange(ref _running, operation, null);

    private void End(RunningOperation operation) =>
        Interlocked.CompareExchange(ref _running, null, operation);
}
