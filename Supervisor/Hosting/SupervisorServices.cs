using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Events;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Hosting.Systemd;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Observability;
using SdSupervised.Supervisor.Operations;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Status;
using SdSupervised.Supervisor.Storage;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>The supervisor's service graph. Hosted services start in this order and stop in reverse:
/// model catalog, recovery, workers, scheduler; so on shutdown the scheduler drains jobs before workers stop.</summary>
public static class SupervisorServices
{
    public static IServiceCollection AddSupervisor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SupervisorOptions>()
            .Bind(configuration.GetSection(SupervisorOptions.SectionName))
            .PostConfigure(o => ScalarLists.Apply(configuration.GetSection(SupervisorOptions.SectionName), o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SupervisorOptions>, SupervisorOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddServerEvents();
        services.AddImageServices();
        services.AddHttpServices(configuration);
        services.AddSupervisorAuth(configuration);
        services.AddA1111Compat();
        services.AddOpenAICompat();
        services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.Store switch
        {
            { Kind: StoreKind.Postgres, ConnectionString: { } connectionString } => new Jobs.Postgres.PostgresJobStore(
                connectionString, sp.GetRequiredService<ILogger<Jobs.Postgres.PostgresJobStore>>(),
                Jobs.Postgres.ClusterNodeId.Resolve(sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.Cluster, DataDirectory(sp)),
                sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.Cluster.LeaseSeconds),
            _ => new SqliteJobStore(Path.Combine(DataDirectory(sp), "jobs.db"), sp.GetRequiredService<ILogger<SqliteJobStore>>()),
        });
        services.AddSingleton<IOutputStore>(sp => new OutputStore(
            sp.GetRequiredService<StoragePaths>().Outputs, sp.GetRequiredService<ILogger<OutputStore>>()));
        services.AddStorage();
        services.AddSingleton<OutputArchive>();
        services.AddVideoEncoding(configuration);
        services.AddSingleton<JobHistory>();

        services.AddOptions<ModelsOptions>()
            .Bind(configuration.GetSection(ModelsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>();
        services.AddSingleton<ModelScanner>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<LoadedModelRegistry>();
        services.AddSingleton<ModelHasher>();
        services.AddSingleton(sp => new DefaultModelSetting(
            sp.GetRequiredService<ModelCatalog>(), sp.GetRequiredService<IOptions<SupervisorOptions>>(),
            () => sp.GetRequiredService<WorkerPool>().Engine.Kind, sp.GetRequiredService<ILogger<DefaultModelSetting>>()));
        services.AddSingleton<CatalogModelResolver>();
        services.AddSingleton<IModelResolver>(sp => sp.GetRequiredService<CatalogModelResolver>());
        services.AddSingleton<ModelSelection>();
        services.AddSingleton<Generation.GenerationParametersValidator>();
        services.AddSingleton<Generation.CompanionModelLookup>();
        services.AddSingleton<Generation.TaesdSelection>();
        services.AddSingleton<Generation.Presets.CatalogTextFiles>();
        services.AddSingleton<Generation.Presets.PresetChecker>();
        services.AddSingleton<Generation.Presets.PresetLibrary>();
        services.AddSingleton<Generation.Presets.PromptLibrary>();
        services.AddSingleton<Generation.Presets.PresetApplier>();
        services.AddSingleton(sp => new Generation.InputImageStore(sp.GetRequiredService<StoragePaths>().Inputs));
        services.AddSingleton<Generation.JobEstimator>();
        services.AddSingleton<JobInputs>();
        services.AddSingleton<Generation.SubmitAdmission>();
        services.AddSingleton<Generation.GenerationService>();
        services.AddSingleton<Generation.Sync.ISyncJobs, Generation.Sync.GenerationSyncJobs>();
        services.AddSingleton<Generation.Sync.SubmitAndWait>();
        services.AddSingleton<Generation.Video.VideoSubmissionService>();
        services.AddSingleton<LeaseModelLoader>();
        // One runner per kind of job request; JobKindRunners refuses to start when a request type has none.
        services.AddSingleton<Jobs.Kinds.IJobKindRunner, Jobs.Kinds.ImageJobRunner>();
        services.AddSingleton<Jobs.Kinds.IJobKindRunner, Jobs.Kinds.VideoJobRunner>();
        services.AddSingleton<Jobs.Kinds.IJobKindRunner, Jobs.Kinds.UpscaleJobRunner>();
        services.AddSingleton<Jobs.Kinds.IJobKindRunner, Jobs.Kinds.ConvertJobRunner>();
        services.AddSingleton<Jobs.Kinds.JobKindRunners>();
        services.AddSingleton<Jobs.Kinds.ModelAttemptPreparation>();
        services.AddSingleton<WorkerModelOperations>();
        services.AddSingleton<ModelService>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<SchedulerSignal>();
        services.AddSingleton<RequeuePolicy>();
        services.AddSingleton<JobPlacement>();
        services.AddSingleton<ClusterAffinity>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobService>();
        services.AddSingleton<StatusReporter>();
        services.AddSingleton<PublishedStatus>();
        services.AddSingleton<HealthReporter>();

        services.AddSingleton<ProcessSpawner>();
        services.AddSingleton<WorkerPipeDirectory>();
        services.AddSingleton<GpuDetector>();
        services.AddSingleton<WorkerLauncher>();
        services.AddSingleton<IWorkerLauncher>(sp => sp.GetRequiredService<WorkerLauncher>());
        services.AddSingleton<WorkerSlotEvents>();
        services.AddSingleton<WorkerRestartPipelineFactory>();
        services.AddSingleton<WorkerPool>();
        services.AddSingleton<JobScheduler>();

        services.AddSingleton<Text2ImgParameterTable>();
        services.AddSingleton<VideoParameterTable>();
        services.AddSingleton<WorkerManagement>();
        services.AddSingleton<Cluster.ClusterView>();
        services.AddSingleton<Cluster.RemoteJobProgress>();
        services.AddSingleton(sp => new Cluster.WorkerCommandRouter(sp.GetRequiredService<WorkerManagement>(),
            sp.GetRequiredService<Cluster.ClusterView>(), sp.GetService<Cluster.RemoteWorkerCommands>()));
        services.AddSingleton<EffectiveConfiguration>();
        services.AddSingleton<SystemInfoService>();

        // The first model scan starts before anything else, in the background: the API never waits for it.
        services.AddHostedService<ModelCatalogService>();
        services.AddHostedService<JobRecovery>();
        // Before the workers and the scheduler, so it stops after them: leases stay renewed while running jobs drain.
        if (configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>()?.Store.Kind == StoreKind.Postgres)
            services.AddHostedService<Cluster.ClusterLeaseService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerPool>());
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        services.AddHostedService<ModelsDirectoryCheck>();
        // In a cluster (PostgreSQL store) only: lease renewal, and the local queue kept in step with the shared one.
        if (configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>()?.Store.Kind == StoreKind.Postgres)
        {
            services.AddSingleton(sp => Jobs.Postgres.ClusterStore.Of(sp.GetRequiredService<IJobStore>())!);
            services.AddHostedService<Cluster.ClusterQueueSync>();
            services.AddSingleton<Cluster.ClusterProgressRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<Cluster.ClusterProgressRelay>());
            services.AddSingleton<Jobs.Postgres.PostgresWorkerCommands>();
            services.AddSingleton<Cluster.RemoteWorkerCommands>();
            services.AddSingleton<Cluster.WorkerCommandExecutor>();
        }

        services.AddSingleton<SystemdNotifier>();
        services.AddSingleton(sp => new SupervisorHealth(sp.GetRequiredService<JobScheduler>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SystemdStatusService>();
        services.AddHostedService<SystemdWatchdogService>();

        services.AddObservability(configuration);
        if (configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>()?.Store.Kind == StoreKind.Postgres)
        {
            // Outermost, so the steps of the jobs this node runs also reach the other nodes.
            var sink = services.Single(d => d.ServiceType == typeof(IJobEvents));
            services.Remove(sink);
            services.AddSingleton<IJobEvents>(sp => new Cluster.ClusterJobEvents(
                (IJobEvents)sink.ImplementationFactory!(sp), sp.GetRequiredService<Cluster.ClusterProgressRelay>()));
        }

        services.Configure<HostOptions>(o =>
        {
            var r = configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>()?.Resilience ?? new ResilienceOptions();
            // Long enough for running jobs to finish (ShutdownGrace), then be cancelled (CancelGrace) and workers to stop.
            o.ShutdownTimeout = TimeSpan.FromSeconds(r.ShutdownGraceSeconds + r.CancelGraceSeconds + 20);
        });
        return services;
    }

    private static string DataDirectory(IServiceProvider sp) =>
        Path.GetFullPath(sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.DataDir);
}
