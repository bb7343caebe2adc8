using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>
/// This node's id in the cluster: <c>Sds:Cluster:NodeId</c> when set, otherwise the host name plus a random suffix
/// generated once and kept in <c>&lt;data dir&gt;/node-id</c>, so a restarted node keeps its id (and its interrupted
/// jobs) while two supervisors on one host, each with its own data dir, never share one.
/// </summary>
public static class ClusterNodeId
{
    public const string FileName = "node-id";

    public static string Resolve(ClusterOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.NodeId))
        {
            return options.NodeId.Trim();
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } stored)
        {
            return stored;
        }

        var generated = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
        Directory.CreateDirectory(dataDirectory);
        var temp = path + ".tmp";
        File.WriteAllText(temp, generated);
        File.Move(temp, path, overwrite: true);
        return generated;
    }
}
