namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// A folder that may live outside the data dir (<c>Sds:Outputs:Path</c>, <c>Sds:Inputs:Path</c>): in a cluster, one
/// shared mount (NFS, CephFS) that every node writes and serves, so any node answers for any job's files.
/// Relative paths are relative to the working directory; unset keeps the folder in the data dir.
/// </summary>
public sealed class SharedPathOptions
{
    public string? Path { get; set; }
}
