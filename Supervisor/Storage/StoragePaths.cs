namespace SdSupervised.Supervisor.Storage;

/// <summary>Where the data dir keeps what: one place that names its folders.</summary>
public sealed record StoragePaths(string DataDir)
{
    public static StoragePaths From(Configuration.SupervisorOptions options) => new(Path.GetFullPath(options.DataDir));

    /// <summary><c>&lt;data-dir&gt;/outputs/&lt;job-id&gt;/</c>: finished jobs' images.</summary>
    public string Outputs => Path.Combine(DataDir, "outputs");

    /// <summary><c>&lt;data-dir&gt;/inputs/&lt;job-id&gt;/</c>: jobs' input images.</summary>
    public string Inputs => Path.Combine(DataDir, "inputs");

    /// <summary><c>&lt;data-dir&gt;/run/</c>: worker pipe sockets when systemd gives no runtime directory.</summary>
    public string Run => Path.Combine(DataDir, "run");
}
