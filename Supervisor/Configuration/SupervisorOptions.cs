namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// Root options, bound from the <c>Sds</c> section: appsettings.json, <c>SDS__Key</c> environment
/// variables and the command line (see <see cref="CommandLine"/>).
/// </summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "Sds";

    public int Port { get; set; } = 8080;
    /// <summary>Address to listen on; 127.0.0.1 by default. Any other address needs an explicit <see cref="AuthOptions.Method"/>.</summary>
    public string Host { get; set; } = "127.0.0.1";
    public string DataDir { get; set; } = "./data";
    public string ModelsDir { get; set; } = "./models";
    public EngineSelection Engine { get; set; } = EngineSelection.Auto;
    public string? NativeLibrary { get; set; }
    /// <summary><c>auto</c>, <c>cpu</c>, a device list like <c>0,1</c>, or a count of synthetic workers.</summary>
    public string Workers { get; set; } = "auto";
    public bool AllowFaultInjection { get; set; }
    public int SyntheticStepMs { get; set; } = 50;
    public int SyntheticLoadMs { get; set; } = 200;
    /// <summary>Size of each synthetic worker's simulated device (per slot: <c>Slots:&lt;id&gt;:SimulatedDeviceMemoryBytes</c>); null simulates none.</summary>
    public long? SyntheticDeviceMemoryBytes { get; set; }
    /// <summary>Simulated device memory each synthetic job leaves behind (per slot: <c>Slots:&lt;id&gt;:SyntheticMemoryGrowthBytes</c>).</summary>
    public long SyntheticMemoryGrowthBytes { get; set; }
    /// <summary>Worker executable; by default <c>worker/sds-worker</c> beside the supervisor.</summary>
    public string? WorkerExecutable { get; set; }
    /// <summary>Model used by jobs that name none.</summary>
    public string DefaultModel { get; set; } = "default";

    /// <summary>How long the synchronous calls (<c>/api/v1/generate</c>, <c>/sdapi/v1/*</c>, <c>/v1/images/*</c>) wait for their job.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 86_400)] public int SyncWaitSeconds { get; set; } = 600;

    /// <summary>The synchronous calls' disconnect policy (<c>Sds:Sync:OnDisconnect</c>).</summary>
    public SyncOptions Sync { get; set; } = new();
    public LimitsOptions Limits { get; set; } = new();
    public HttpOptions Http { get; set; } = new();
    public AuthOptions Auth { get; set; } = new();
    public ImageImportOptions ImageImport { get; set; } = new();
    public PreviewOptions Previews { get; set; } = new();
    public LoggingOptions Logging { get; set; } = new();
    public ResilienceOptions Resilience { get; set; } = new();
    public RecycleOptions Recycle { get; set; } = new();
    public StandbyOptions Standby { get; set; } = new();
    public PlacementOptions Placement { get; set; } = new();
    public StoreOptions Store { get; set; } = new();
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>Where finished jobs' outputs go (<c>Sds:Outputs:Path</c>); default <c>&lt;data-dir&gt;/outputs</c>.</summary>
    public SharedPathOptions Outputs { get; set; } = new();

    /// <summary>Where jobs' input images go (<c>Sds:Inputs:Path</c>); default <c>&lt;data-dir&gt;/inputs</c>.</summary>
    public SharedPathOptions Inputs { get; set; } = new();
    /// <summary>Per-slot overrides keyed by slot id (w0, gpu1, cpu).</summary>
    public Dictionary<string, SlotOverrideOptions> Slots { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
