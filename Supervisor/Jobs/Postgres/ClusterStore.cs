namespace SdSupervised.Supervisor.Jobs.Postgres;

/// <summary>Finds the PostgreSQL store behind an <see cref="IJobStore"/> (through the metrics decorator): the cluster, or null on SQLite.</summary>
public static class ClusterStore
{
    public static PostgresJobStore? Of(IJobStore store) => store switch
    {
        PostgresJobStore postgres => postgres,
        Observability.TimedJobStore timed => Of(timed.Inner),
        _ => null,
    };
}
