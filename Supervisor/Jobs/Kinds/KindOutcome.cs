using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs.Kinds;

/// <summary>How an attempt's work ended, when it ended without a crash, hang or cancel (those leave as exceptions).</summary>
public sealed record KindOutcome
{
    private KindOutcome()
    {
    }

    /// <summary>Set when it completed: what the job produced, stored and ready to serve.</summary>
    public IReadOnlyList<JobOutput>? Outputs { get; private init; }

    /// <summary>Run once the completed job is stored (the log line with the kind's own figures, a catalog rescan).</summary>
    public Action<Job>? AfterCompleted { get; private init; }

    /// <summary>Set when it failed cleanly: why, charged to the job like any failure.</summary>
    public WorkerFailure? Failure { get; private init; }

    /// <summary>A failure's worker answered and lives on (false: it was never called, or its state is unknown).</summary>
    public bool Served { get; private init; }

    public static KindOutcome Completed(IReadOnlyList<JobOutput> outputs, Action<Job>? afterCompleted = null) =>
        new() { Outputs = outputs, AfterCompleted = afterCompleted, Served = true };

    public static KindOutcome Failed(WorkerFailure failure, bool served) => new() { Failure = failure, Served = served };
}
