using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Jobs.Postgres;

namespace SdSupervised.Tests.Cluster;

/// <summary>The NOTIFY payloads nodes exchange: they round-trip, stay small, and a kind or detail a node cannot read is ignored, not fatal.</summary>
public sealed class ClusterNotificationTests
{
    [Fact]
    public void A_progress_notification_round_trips_its_step_without_a_preview()
    {
        var progress = new JobProgress(ProgressPhase.Sampling, 7, 20, 1.25, Preview: new string('A', 100_000));
        var sent = new ClusterNotification(ClusterNotificationKind.Progress, "01job", "node-b", ClusterProgress.Format(progress));

        var received = ClusterNotification.Parse(sent.Payload);

        Assert.NotNull(received);
        Assert.Equal((ClusterNotificationKind.Progress, "01job", "node-b"), (received.Kind, received.JobId, received.NodeId));
        Assert.Equal(new JobProgress(ProgressPhase.Sampling, 7, 20, 1.25), ClusterProgress.Parse(received.Detail));
        Assert.True(sent.Payload.Length < 100, $"payload should stay tiny, was {sent.Payload.Length} chars");
    }

    [Fact]
    public void The_older_three_part_payloads_still_parse()
    {
        var parsed = ClusterNotification.Parse("claimed 01job node-a");
        Assert.Equal(new ClusterNotification(ClusterNotificationKind.Claimed, "01job", "node-a"), parsed);
        Assert.Equal("commanddone 5f0c node-b", new ClusterNotification(ClusterNotificationKind.CommandDone, "5f0c", "node-b").Payload);
    }

    [Theory]
    [InlineData("teleport 01job node-a")]
    [InlineData("7 01job node-a")]
    [InlineData("progress")]
    public void A_payload_of_an_unknown_kind_is_ignored(string payload) => Assert.Null(ClusterNotification.Parse(payload));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sampling 3")]
    [InlineData("Warping 3 20")]
    [InlineData("Sampling x 20")]
    public void Progress_detail_a_node_cannot_read_is_no_progress(string? detail) => Assert.Null(ClusterProgress.Parse(detail));
}
