using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Where a job may run on a box of different devices: a slot must be allowed to load its model (the slot's
/// <c>Models</c>/<c>Exclude</c> pins) and its device must hold the job's memory estimate (the <c>/api/estimate</c>
/// basis: weights plus working memory). A slot whose device size is unknown (cpu, synthetic without a simulated
/// size) takes anything. After an out-of-memory crash a job only goes to a device larger than the ones it crashed on,
/// while there is one. With <c>Sds:Placement:Enabled=false</c> only the pins apply.
/// </summary>
public sealed class JobPlacement(WorkerPool pool, ModelCatalog catalog, DefaultModelSetting defaultModel, IOptions<SupervisorOptions> options)
{
    private bool BySize => options.Value.Placement.Enabled;

    /// <summary>The generation model the job loads; conversions and upscales load none and run anywhere.</summary>
    public string? ModelOf(Job job) =>
        job.Request switch
        {
            VideoParameters v => v.Model,
            GenerationParameters p => p.Model ?? defaultModel.Current,
            _ => null,
        };

    /// <summary>Device memory the job needs; 0 for jobs that load no generation model.</summary>
    public long NeedBytes(Job job) => job.Request switch
    {
        GenerationParameters p => JobEstimator.MemoryBytes(catalog.Current, p),
        VideoParameters v => JobEstimator.VideoMemoryBytes(catalog.Current, v),
        _ => 0,
    };

    private bool Fits(WorkerSlotSpec slot, long needBytes) => !BySize || slot.DeviceMemoryBytes is not { } total || needBytes <= total;

    /// <summary>The slots <paramref name="job"/> may be given now, best first by device size after an out-of-memory crash.</summary>
    public IReadOnlyList<WorkerSlot> Candidates(Job job)
    {
        var model = ModelOf(job);
        var need = NeedBytes(job);
        var allowed = pool.Slots.Where(s => s.Spec.Models.Allows(model) && Fits(s.Spec, need)).ToList();
        if (!BySize || LargestOutOfMemoryDevice(job) is not { } crashedOn)
            return allowed;
        var larger = allowed.Where(s => s.Spec.DeviceMemoryBytes is not { } total || total > crashedOn).ToList();
        return larger.Count > 0 ? larger : allowed;
    }

    /// <summary>Whether a slot with a larger device than every one the job ran out of memory on may take it.</summary>
    public bool HasLargerDeviceAfterOutOfMemory(Job job)
    {
        if (!BySize || LargestOutOfMemoryDevice(job) is not { } crashedOn)
            return false;
        var model = ModelOf(job);
        return pool.Slots.Any(s => s.Spec.Models.Allows(model) && s.Spec.DeviceMemoryBytes is { } total && total > crashedOn);
    }

    /// <summary>Refuses a job no slot can ever take (model pinned elsewhere, or larger than every device); null when one can.</summary>
    public SubmitError? Refusal(string? model, long needBytes)
    {
        model ??= defaultModel.Current;
        var slots = pool.Slots.Select(s => s.Spec).ToList();
        if (slots.Count == 0)
            return null;
        var allowed = slots.Where(s => s.Models.Allows(model)).ToList();
        if (allowed.Count == 0)
            return new SubmitError(RefusalKind.NoCapableWorker, "no_worker_for_model",
                $"no worker may load model '{model}': every slot's Sds:Slots:<id>:Models / Exclude rules refuse it ({Pins(slots)})");
        if (allowed.Any(s => Fits(s, needBytes)))
            return null;
        var largest = allowed.MaxBy(s => s.DeviceMemoryBytes ?? 0)!;
        return new SubmitError(RefusalKind.NoCapableWorker, "too_large_for_devices",
            $"the job needs about {Mib(needBytes)} MiB of device memory (model weights plus working memory, as /api/estimate says) " +
            $"but the largest device that may load '{model}' is {largest.Id} with {Mib(largest.DeviceMemoryBytes ?? 0)} MiB; " +
            "use a smaller size or batch, VAE tiling, or a smaller model",
            new Dictionary<string, string[]> { ["width"] = [$"needs about {Mib(needBytes)} MiB; the largest device ({largest.Id}) has {Mib(largest.DeviceMemoryBytes ?? 0)} MiB"] });
    }

    private long? LargestOutOfMemoryDevice(Job job)
    {
        long? largest = null;
        foreach (var failure in job.Failures.Where(f => f.Kind == FailureKind.CudaOutOfMemory))
        {
            if (failure.WorkerId is not { } id || pool.Find(id) is not { Spec.DeviceMemoryBytes: { } total })
                continue;
            largest = Math.Max(largest ?? 0, total);
        }
        return largest;
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private static string Pins(IEnumerable<WorkerSlotSpec> slots) => string.Join("; ", slots.Select(s =>
        $"{s.Id}: models [{string.Join(", ", s.Models.Include)}] exclude [{string.Join(", ", s.Models.Exclude)}]"));
}
