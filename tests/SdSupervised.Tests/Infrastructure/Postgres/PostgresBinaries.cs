namespace SdSupervised.Tests.Infrastructure.Postgres;

/// <summary>
/// Where PostgreSQL's server programs are: <c>SDS_POSTGRES_BIN</c>, else Debian's newest
/// <c>/usr/lib/postgresql/N/bin</c>, else the directory of an <c>initdb</c> on PATH. Null when none is installed.
/// </summary>
public sealed record PostgresBinaries(string InitDb, string Postgres, string? RunAs)
{
    public const string Variable = "SDS_POSTGRES_BIN";

    /// <summary>The system user that runs the server when the tests run as root (PostgreSQL refuses root).</summary>
    private const string ServiceUser = "postgres";

    public static PostgresBinaries? Find()
    {
        foreach (var directory in Candidates())
        {
            var initdb = Path.Combine(directory, "initdb");
            var postgres = Path.Combine(directory, "postgres");
            if (File.Exists(initdb) && File.Exists(postgres))
            {
                return new PostgresBinaries(initdb, postgres, Environment.UserName == "root" ? ServiceUser : null);
            }
        }

        return null;
    }

    public static string MissingReason =>
        $"PostgreSQL server programs not found (set {Variable}, or install Debian's postgresql package; scripts/test does that itself)";

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            yield return configured;
        }

        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            foreach (var version in Directory.GetDirectories(debian)
                         .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var n) ? n : 0))
            {
                yield return Path.Combine(version, "bin");
            }
        }

        foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return entry;
        }
    }
}
