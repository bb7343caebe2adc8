using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs.Postgres;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Cluster;

/// <summary>What became of a command sent to another node: its id, and its result, or null when the owner did not run it in time.</summary>
public sealed record RemoteCommandOutcome(Guid CommandId, WorkerCommandResult? Result);

/// <summary>
/// The calling side of a worker command for another node's worker: writes the command row, then waits up to
/// <see cref="ClusterOptions.CommandTimeoutSeconds"/> for the owning node's result. Woken by the owner's
/// <see cref="ClusterNotificationKind.CommandDone"/> notification (<see cref="Completed"/>, from
/// <see cref="ClusterQueueSync"/>), and reads the row twice a second in case that notification was missed.
/// </summary>
public sealed class RemoteWorkerCommands(
    PostgresWorkerCommands commands,
    IOptions<SupervisorOptions> options,
    TimeProvider time,
    ILogger<RemoteWorkerCommands> logger)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    public TimeSpan Timeout => TimeSpan.FromSeconds(options.Value.Cluster.CommandTimeoutSeconds);

    public async Task<RemoteCommandOutcome> SendAsync(ClusterMember owner, string workerId, WorkerCommandKind kind, CancellationToken cancellationToken)
    {
        var local = ClusterMember.LocalWorkerId(workerId);
        var deadline = time.GetUtcNow() + Timeout;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = await commands.SendAsync(owner.Id, local, kind, cancellationToken);
        _waiting[id] = done;
        logger.LogInformation("Worker command {CommandId}: {Command} {WorkerId} sent to node {NodeId}", id, kind, local, owner.Id);
        try
        {
            while (true)
            {
                if (await commands.ResultOfAsync(id, cancellationToken) is { } result)
                    return new RemoteCommandOutcome(id, Parse(result));
                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                    break;
                try
                {
                    await done.Task.WaitAsync(left < PollEvery ? left : PollEvery, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                }
            }
            // Not answered in time: the row is marked expired so the owner never runs it late (unless it just did).
            var final = await commands.ExpireAsync(id, CancellationToken.None);
            if (final is null or PostgresWorkerCommands.Expired)
                logger.LogWarning("Worker command {CommandId}: node {NodeId} did not run it within {Seconds} s; dropped", id, owner.Id, Timeout.TotalSeconds);
            return new RemoteCommandOutcome(id, final is null or PostgresWorkerCommands.Expired ? null : Parse(final));
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>The owner says it wrote command <paramref name="commandId"/>'s result (a notification's id, hex).</summary>
    public void Completed(string commandId)
    {
        if (Guid.TryParse(commandId, out var id) && _waiting.TryGetValue(id, out var done))
            done.TrySetResult();
    }

    /// <summary>The result as the owner wrote it (<see cref="WorkerCommandExecutor"/>); one this build does not know reads as not found.</summary>
    public static WorkerCommandResult Parse(string result) => result switch
    {
        "done" => WorkerCommandResult.Done,
        "already_restarting" => WorkerCommandResult.AlreadyRestarting,
        _ => WorkerCommandResult.NotFound,
    };

    public static string Format(WorkerCommandResult result) => result switch
    {
        WorkerCommandResult.Done => "done",
        WorkerCommandResult.AlreadyRestarting => "already_restarting",
        _ => "not_found",
    };
}
