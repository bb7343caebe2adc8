using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Hosting;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;
using SdSupervised.Worker.Engines;
using SdSupervised.Worker.Engines.Synthetic;
using SdSupervised.Worker.Faults;
using SdSupervised.Worker.Logging;

namespace SdSupervised.Tests.Core;

/// <summary>
/// The supervisor's core in-process: the real service graph (<see cref="SupervisorServices.AddSupervisor"/>) on a
/// fake clock, with workers launched in memory (<see cref="InMemoryWorkerLauncher"/>) over the synthetic engine.
/// Slots, the runner, the queue and the store are the production classes; no process, no HTTP.
/// </summary>
public sealed class CoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly string _dataDir;

    public CoreHarness(Func<IDiffusionEngine>? engine = null, IReadOnlyDictionary<string, string?>? settings = null, IOutputStore? outputs = null)
    {
        _dataDir = Directory.CreateTempSubdirectory("sds-core-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Sds:DataDir"] = _dataDir,
            ["Sds:ModelsDir"] = Path.Combine(_dataDir, "models"),
            ["Sds:Resilience:RestartDelayMs"] = "10",
            ["Sds:Resilience:RestartMaxDelayMs"] = "20",
            ["Sds:Resilience:BreakerMinimumThroughput"] = "3",
            ["Sds:Resilience:BreakerBreakSeconds"] = "60",
            ["Sds:Resilience:HealthyAfterSeconds"] = "60",
            ["Sds:Resilience:StallTimeoutSeconds"] = "30",
            ["Sds:Resilience:CancelGraceSeconds"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();

        Launcher = new InMemoryWorkerLauncher(engine ?? (() => Synthetic()), Time);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSupervisor(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
        services.Replace(ServiceDescriptor.Singleton<IWorkerLauncher>(Launcher));
        services.Replace(ServiceDescriptor.Singleton<IModelResolver>(new FixedModelResolver()));
        if (outputs is not null)
            services.Replace(ServiceDescriptor.Singleton(outputs));
        _services = services.BuildServiceProvider();
    }

    public string DataDir => _dataDir;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    public InMemoryWorkerLauncher Launcher { get; }
    public JobRunner Runner => _services.GetRequiredService<JobRunner>();
    public JobQueue Queue => _services.GetRequiredService<JobQueue>();
    public JobService Jobs => _services.GetRequiredService<JobService>();
    public IJobStore Store => _services.GetRequiredService<IJobStore>();
    public WorkerSlotEvents Events => _services.GetRequiredService<WorkerSlotEvents>();
    public WorkerPool Pool => _services.GetRequiredService<WorkerPool>();
    public JobScheduler Scheduler => _services.GetRequiredService<JobScheduler>();
    public JobPlacement Placement => _services.GetRequiredService<JobPlacement>();
    public RequeuePolicy Requeue => _services.GetRequiredService<RequeuePolicy>();
    public WorkerModelOperations ModelOperations => _services.GetRequiredService<WorkerModelOperations>();
    public T Service<T>() where T : notnull => _services.GetRequiredService<T>();

    public static SyntheticEngine Synthetic(int stepMs = 2, long? deviceMemoryBytes = null, long memoryGrowthPerJobBytes = 0)
    {
        var log = new WorkerLog(_ => { });
        return new SyntheticEngine(new SyntheticEngineOptions
            {
                StepTime = TimeSpan.FromMilliseconds(stepMs),
                LoadTime = TimeSpan.FromMilliseconds(1),
                DeviceMemoryBytes = deviceMemoryBytes,
                MemoryGrowthPerJobBytes = memoryGrowthPerJobBytes,
            },
            new FaultInjector(false, log), log);
    }

    /// <summary>A slot supervised until the harness is disposed.</summary>
    public WorkerSlot StartSlot(string id = "w0", Func<WorkerSlotSpec, WorkerSlotSpec>? configure = null)
    {
        var spec = new WorkerSlotSpec { Id = id, Device = "in-memory", Engine = "synthetic", Executable = "in-memory" };
        var slot = ActivatorUtilities.CreateInstance<WorkerSlot>(_services, configure?.Invoke(spec) ?? spec);
        _loops.Add(Task.Run(() => slot.RunAsync(_stopping.Token)));
        return slot;
    }

    /// <summary>Waits (real time, bounded) until <paramref name="until"/> holds, advancing the fake clock by <paramref name="step"/> each turn.</summary>
    public async Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> until, string what, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var value = probe();
            if (until(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last: {value}");
            if (step is { } advance)
                Time.Advance(advance);
            await Task.Delay(5);
        }
    }

    public Task<WorkerSlotSnapshot> WaitForAsync(WorkerSlot slot, Func<WorkerSlotSnapshot, bool> until, string what, TimeSpan? step = null) =>
        EventuallyAsync(() => slot.Snapshot, until, what, step);

    /// <summary>Stores and queues a text2img job, as a submit does.</summary>
    public async Task<ActiveJob> SubmitAsync(int steps = 4, long seed = 1, string? model = null, int size = 64, int batch = 1)
    {
        var job = Jobs.NewJob(JobType.Text2Img, new GenerationParameters()) with
        {
            Request = new GenerationParameters { Prompt = "core", Steps = steps, Width = size, Height = size, Seed = seed, Model = model, BatchCount = batch },
        };
        var outcome = await Jobs.SubmitAsync(job, null, CancellationToken.None);
        return Queue.Find(outcome.Job!.Job.Id)!;
    }

    /// <summary>Runs the real scheduler until every one of <paramref name="jobs"/> has finished (or the wait times out), then stops it.</summary>
    public async Task RunSchedulerUntilFinishedAsync(IEnumerable<ActiveJob> jobs, TimeSpan timeout)
    {
        await Scheduler.StartAsync(CancellationToken.None);
        try
        {
            await Task.WhenAll(jobs.Select(j => j.Finished)).WaitAsync(timeout);
        }
        finally
        {
            await Scheduler.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Hands the queue's head to <paramref name="slot"/> once it is idle and runs the attempt, as the scheduler does.</summary>
    public async Task<Task> DispatchAsync(WorkerSlot slot)
    {
        // The clock moves so that a restart's backoff elapses.
        await WaitForAsync(slot, s => s.IsIdle, "the slot idle", step: TimeSpan.FromMilliseconds(50));
        Assert.True(Queue.TryDispatch(j => slot.TryReserve(WorkerHolder.ForJob(j.Id, j.Job.Failures.Count), out var l) ? l : null, out var job, out var lease),
            "the queue's head should be handed to the idle slot");
        return Task.Run(() => Runner.RunAsync(job!, lease!, _stopping.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        // A test that started the pool may end without stopping it; a second stop is harmless.
        await Pool.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private sealed class FixedModelResolver : IModelResolver
    {
        public Task<ModelResolution> ResolveAsync(string? requestedModel, CancellationToken cancellationToken) =>
            Task.FromResult(ModelResolution.Found(new ModelLoadSpec { ModelId = requestedModel ?? "core-model" }));
    }
}
