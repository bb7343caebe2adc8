using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Creates one <see cref="WorkerSlot"/> per configured device and keeps each one supervised for the life
/// of the host. Stopping it stops every worker (pipe close, SIGTERM, SIGKILL).
/// </summary>
public sealed class WorkerPool(
    IOptions<SupervisorOptions> options,
    GpuDetector gpuDetector,
    IServiceProvider services,
    ILogger<WorkerPool> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private IReadOnlyList<WorkerSlot> _slots = [];

    public IReadOnlyList<WorkerSlot> Slots => _slots;

    public EngineDecision Engine { get; private set; } =
        new(EngineKind.Synthetic, EngineSelection.Auto, "not started yet", null);

    public WorkerSlot? Find(string workerId) =>
        _slots.FirstOrDefault(s => string.Equals(s.WorkerId, workerId, StringComparison.OrdinalIgnoreCase));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var specs = await BuildSlotSpecsAsync(cancellationToken);
        _slots = specs.Select(spec => ActivatorUtilities.CreateInstance<WorkerSlot>(services, spec)).ToList();
        foreach (var slot in _slots)
            _loops.Add(Task.Run(() => slot.RunAsync(_stopping.Token), CancellationToken.None));
        logger.LogInformation("Worker pool started: {WorkerCount} slot(s): {Slots}", _slots.Count, string.Join(", ", specs.Select(s => $"{s.Id} [{s.Device}, {s.Engine}]")));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Worker pool stop timed out; killing remaining workers");
        }
        logger.LogInformation("Worker pool stopped");
    }

    private async Task<IReadOnlyList<WorkerSlotSpec>> BuildSlotSpecsAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var executable = ResolveWorkerExecutable(o.WorkerExecutable);
        if (!WorkerSpecParser.TryParse(o.Workers, out var workerSpec, out var error))
            throw new InvalidOperationException(error);

        Engine = workerSpec.Kind == WorkerSpecKind.Count
            ? new EngineDecision(EngineKind.Synthetic, o.Engine, $"--workers {workerSpec.Count} starts synthetic workers", null)
            : EngineResolver.Decide(o, Path.GetDirectoryName(executable) ?? AppContext.BaseDirectory);
        if (Engine.Kind == EngineKind.Synthetic && o.Engine == EngineSelection.Auto)
            logger.LogWarning("ENGINE IS SYNTHETIC: {Reason}", Engine.Reason);
        else
            logger.LogInformation("Engine {Engine}: {Reason}", Engine.Kind, Engine.Reason);

        var engineName = Engine.Kind == EngineKind.Native ? "native" : "synthetic";
        var specs = new List<WorkerSlotSpec>();
        GpuDetectionResult? detection = null;
        // Named devices need their memory sizes for placement too (nvidia-smi; a slot's SimulatedDeviceMemoryBytes otherwise).
        if (workerSpec.Kind == WorkerSpecKind.Devices && workerSpec.GpuIndices.Count > 0)
            detection = await gpuDetector.DetectAsync(cancellationToken);
        switch (workerSpec.Kind)
        {
            case WorkerSpecKind.Count:
                for (var i = 0; i < workerSpec.Count; i++)
                    specs.Add(Spec($"w{i}", "synthetic", null));
                break;
            case WorkerSpecKind.Devices:
                foreach (var index in workerSpec.GpuIndices)
                    specs.Add(Spec($"gpu{index}", $"gpu{index}", index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (workerSpec.IncludeCpu)
                    specs.Add(Spec("cpu", "cpu", ""));
                break;
            default:
                detection = await gpuDetector.DetectAsync(cancellationToken);
                if (detection.Gpus.Count == 0)
                {
                    logger.LogWarning("--workers auto: no GPU found ({Reason}); starting one cpu worker", detection.Reason);
                    specs.Add(Spec("cpu", "cpu", ""));
                }
                else
                {
                    foreach (var gpu in detection.Gpus)
                        specs.Add(Spec($"gpu{gpu.Index}", $"gpu{gpu.Index} ({gpu.Name}, {gpu.MemoryMiB} MiB)", gpu.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                break;
        }
        return specs;

        WorkerSlotSpec Spec(string id, string device, string? cudaVisibleDevices)
        {
            o.Slots.TryGetValue(id, out var slotOverride);
            var engine = slotOverride?.Engine ?? engineName;
            var synthetic = string.Equals(engine, "synthetic", StringComparison.OrdinalIgnoreCase);
            var simulated = slotOverride?.SimulatedDeviceMemoryBytes ?? (synthetic ? o.SyntheticDeviceMemoryBytes : null);
            var detected = detection?.Gpus.FirstOrDefault(g => g.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) == cudaVisibleDevices) is { MemoryMiB: > 0 } gpu
                ? gpu.MemoryMiB * 1024L * 1024
                : (long?)null;
            return new WorkerSlotSpec
            {
                Id = id,
                Device = device,
                // An empty CUDA_VISIBLE_DEVICES hides every GPU from a cpu slot's worker.
                CudaVisibleDevices = cudaVisibleDevices,
                Engine = engine,
                Executable = slotOverride?.WorkerExecutable ?? executable,
                NativeLibrary = slotOverride?.NativeLibrary ?? Engine.NativeLibraryPath ?? o.NativeLibrary,
                AllowFaultInjection = o.AllowFaultInjection,
                SyntheticStepMs = o.SyntheticStepMs,
                SyntheticLoadMs = o.SyntheticLoadMs,
                // A synthetic worker's device is the simulated one; a real one's is what nvidia-smi says, else what the operator set.
                DeviceMemoryBytes = synthetic ? simulated : detected ?? simulated,
                SyntheticDeviceMemoryBytes = synthetic ? simulated : null,
                SyntheticMemoryGrowthBytes = slotOverride?.SyntheticMemoryGrowthBytes ?? o.SyntheticMemoryGrowthBytes,
                Recycle = RecyclePolicy.From(o.Recycle, slotOverride?.Recycle),
                Models = new ModelPin(slotOverride?.Models ?? [], slotOverride?.Exclude ?? []),
                Standby = slotOverride?.Standby ?? o.Standby.Enabled,
            };
        }
    }

    /// <summary>The configured worker, or worker/sds-worker beside the supervisor (the apphost, else its .dll).</summary>
    public static string ResolveWorkerExecutable(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        var dir = Path.Combine(AppContext.BaseDirectory, "worker");
        var apphost = Path.Combine(dir, "sds-worker");
        return File.Exists(apphost) ? apphost : Path.Combine(dir, "sds-worker.dll");
    }
}
