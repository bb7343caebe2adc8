using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// Time and memory estimates for a generation, from this server's own history: the seconds per "work unit" (one
/// sampling step over a 512x512 image) of recently completed jobs, per model when it has enough samples, else over
/// all models, else a stated default. Memory is the model files plus a per-pixel allowance for the VAE decode, which
/// is what runs out first; it is a rough guide, said so in the answer.
/// </summary>
public sealed class JobEstimator(
    IJobStore store,
    JobQueue queue,
    WorkerPool pool,
    ModelCatalog catalog,
    IOptions<SupervisorOptions> options,
    TimeProvider time)
{
    private const int HistorySize = 500;
    private const int MinSamples = 3;
    private const double UnitPixels = 512.0 * 512.0;
    /// <summary>Working memory per output pixel for the VAE decode at half precision (about 2.7 GB at 1024x1024 untiled).</summary>
    private const long DecodeBytesPerPixel = 2560;
    private const long TiledDecodeBytes = 512L * 1024 * 1024;
    /// <summary>Without history on the native engine: about one 512x512 step per second (a mid-range GPU on SD 1.5 is faster, a CPU much slower).</summary>
    private const double DefaultNativeSecondsPerUnit = 1.0;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Rates? _rates;

    public async Task<GenerationEstimate> EstimateAsync(JobType type, GenerationParameters p, CancellationToken cancellationToken)
    {
        var rates = await RatesAsync(cancellationToken);
        var units = WorkUnits(type, p);
        var (perUnit, basis, samples) = p.Model is { } model && rates.PerModel.TryGetValue(model, out var m)
            ? (m.SecondsPerUnit, "history (this model)", m.Samples)
            : rates.All is { } all
                ? (all.SecondsPerUnit, "history (all models)", all.Samples)
                : (DefaultSecondsPerUnit(), "default (no completed jobs yet)", 0);
        var seconds = units * perUnit;
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var weights = WeightsBytes(snapshot, p.Model);
        var working = WorkingBytes(p);
        return new GenerationEstimate(
            Math.Round(seconds, 2),
            Math.Round(perUnit * p.Width * p.Height / UnitPixels, 4),
            Math.Round(QueueWait(rates).TotalSeconds, 1),
            weights,
            working,
            weights + working,
            basis,
            samples);
    }

    /// <summary>About how long until <paramref name="jobs"/> queued jobs have started (for Retry-After), 1 s to 1 h.</summary>
    public TimeSpan QueueDrainTime(int jobs)
    {
        var perJob = _rates?.MedianJobSeconds ?? 10;
        var workers = Math.Max(1, pool.Slots.Count(s => s.State is not (WorkerState.Faulted or WorkerState.Stopped)));
        return TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(jobs * perJob / workers), 1, 3600));
    }

    private TimeSpan QueueWait(Rates rates)
    {
        var workers = Math.Max(1, pool.Slots.Count(s => s.State is not (WorkerState.Faulted or WorkerState.Stopped)));
        return TimeSpan.FromSeconds(queue.QueuedCount * (rates.MedianJobSeconds ?? 0) / workers);
    }

    private double DefaultSecondsPerUnit() => pool.Engine.Kind == EngineKind.Synthetic
        ? options.Value.SyntheticStepMs / 1000.0
        : DefaultNativeSecondsPerUnit;

    /// <summary>Sampling steps times image area in 512x512 units times batch; img2img runs about strength x steps, hires adds its pass.</summary>
    public static double WorkUnits(JobType type, GenerationParameters p)
    {
        var steps = type is JobType.Img2Img or JobType.Inpainting
            ? Math.Max(1, p.Steps * (p.Strength ?? 0.75))
            : p.Steps;
        var units = steps * (p.Width * (double)p.Height / UnitPixels);
        if (p.Hires is { } hires)
        {
            var (w, h) = GenerationParametersValidator.HiresSize(p);
            units += (hires.Steps ?? p.Steps) * (hires.DenoisingStrength ?? 0.7) * (w * (double)h / UnitPixels);
        }
        return units * Math.Max(1, p.BatchCount);
    }

    /// <summary>The memory a generation needs on its device (weights plus working memory): what placement compares with each slot.</summary>
    public static long MemoryBytes(CatalogSnapshot catalog, GenerationParameters p) => WeightsBytes(catalog, p.Model) + WorkingBytes(p);

    /// <summary>
    /// The memory a video needs on its device: the Wan model's weights with its companions, the high-noise expert's of a
    /// Wan 2.2 pair (the library holds both), and one frame's VAE decode, since the Wan VAE decodes a few frames at a time
    /// (its latents, 1/8 of each side in 16 channels every 4 frames, are small beside that).
    /// </summary>
    public static long VideoMemoryBytes(CatalogSnapshot catalog, VideoParameters v) =>
        WeightsBytes(catalog, v.Model)
        + (v.HighNoiseModel is { } high ? catalog.Find(high).Entry?.Size ?? 0 : 0)
        + (long)v.Width * v.Height * DecodeBytesPerPixel;

    /// <summary>The VAE decode's working memory at the output size (after hires), or the tiled decode's.</summary>
    public static long WorkingBytes(GenerationParameters p)
    {
        var (w, h) = p.Hires is null ? (p.Width, p.Height) : GenerationParametersValidator.HiresSize(p);
        return p.VaeTiling == true ? TiledDecodeBytes : (long)w * h * DecodeBytesPerPixel;
    }

    private static long WeightsBytes(CatalogSnapshot snapshot, string? model)
    {
        var entry = snapshot.Find(model ?? "").Entry;
        if (entry is null)
            return 0;
        var companions = entry.Requirements.Sum(r => r.Provider?.Size ?? 0);
        return entry.Size + companions;
    }

    private async Task<Rates> RatesAsync(CancellationToken cancellationToken)
    {
        if (_rates is { } cached && time.GetUtcNow() - cached.At < CacheFor)
            return cached;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_rates is { } fresh && time.GetUtcNow() - fresh.At < CacheFor)
                return fresh;
            var recent = await store.ListRecentAsync(HistorySize, cancellationToken);
            var samples = recent
                .Where(j => j is { Status: JobStatus.Completed, StartedAt: not null, CompletedAt: not null, Request: GenerationParameters })
                .Select(j => (Job: j, Parameters: (GenerationParameters)j.Request))
                .Select(j => (Model: j.Parameters.Model ?? "", Seconds: (j.Job.CompletedAt!.Value - j.Job.StartedAt!.Value).TotalSeconds, Units: WorkUnits(j.Job.Type, j.Parameters)))
                .Where(s => s.Units > 0 && s.Seconds > 0)
                .ToList();
            var perModel = samples.GroupBy(s => s.Model)
                .Where(g => g.Count() >= MinSamples)
                .ToDictionary(g => g.Key, g => new Rate(Median(g.Select(s => s.Seconds / s.Units)), g.Count()));
            var all = samples.Count >= MinSamples ? new Rate(Median(samples.Select(s => s.Seconds / s.Units)), samples.Count) : null;
            double? medianJob = samples.Count > 0 ? Median(samples.Select(s => s.Seconds)) : null;
            return _rates = new Rates(time.GetUtcNow(), perModel, all, medianJob);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record Rate(double SecondsPerUnit, int Samples);

    private sealed record Rates(DateTimeOffset At, IReadOnlyDictionary<string, Rate> PerModel, Rate? All, double? MedianJobSeconds);
}

/// <summary>
/// An estimate: seconds for the job itself, seconds per sampling step at its size, seconds until it would start,
/// bytes of model weights and of working memory, and what the time is based on.
/// </summary>
public sealed record GenerationEstimate(
    double Seconds,
    double SecondsPerStep,
    double QueueWaitSeconds,
    long WeightsBytes,
    long WorkingBytes,
    long MemoryBytes,
    string Basis,
    int Samples);
