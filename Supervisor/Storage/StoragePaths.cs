namespace SdSupervised.Supervisor.Storage;

/// <summary>Where the data dir keeps what: one place that names its folders.</summary>
public sealed record StoragePaths(string DataDir, string? OutputsDir = null, string? InputsDir = null)
{
    public static StoragePaths From(Configuration.SupervisorOptions options) => new(
        Path.GetFullPath(options.DataDir),
        string.IsNullOrWhiteSpace(options.Outputs.Path) ? null : Path.GetFullPath(options.Outputs.Path),
        string.IsNullOrWhiteSpace(options.Inputs.Path) ? null : Path.GetFullPath(options.Inputs.Path));

    /// <summary><c>&lt;data-dir&gt;/outputs/&lt;job-id&gt;/</c> or <c>Sds:Outputs:Path</c>: finished jobs' images.</summary>
    public string Outputs => OutputsDir ?? Path.Combine(DataDir, "outputs");

    /// <summary><c>&lt;data-dir&gt;/inputs/&lt;job-id&gt;/</c> or <c>Sds:Inputs:Path</c>: jobs' input images.</summary>
    public string Inputs => InputsDir ?? Path.Combine(DataDir, "inputs");

    /// <summary><c>&lt;data-dir&gt;/run/</c>: worker pipe sockets when systemd gives no runtime directory.</summary>
    public string Run => Path.Combine(DataDir, "run");
}
