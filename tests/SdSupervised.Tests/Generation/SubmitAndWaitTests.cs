using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Sync;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Generation;

/// <summary>The one synchronous path, without HTTP: each outcome, and the disconnect policy per family and configured.</summary>
public sealed class SubmitAndWaitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_refused_submit_is_refused_with_its_kind_and_waits_for_nothing()
    {
        var jobs = new FakeJobs { Refusal = SubmitError.QueueFull(new QueueFull(5, 5, TimeSpan.FromSeconds(12))) };

        var outcome = await Service(jobs).RunAsync(Draft(), Wait, SyncFamily.Seed, CancellationToken.None);

        var refused = Assert.IsType<SyncOutcome.Refused>(outcome);
        Assert.Equal(RefusalKind.QueueFull, refused.Kind);
        Assert.Equal(TimeSpan.FromSeconds(12), refused.Error.RetryAfter);
        Assert.Equal(0, jobs.Waits);
    }

    [Theory]
    [InlineData(JobStatus.Completed, typeof(SyncOutcome.Completed))]
    [InlineData(JobStatus.Failed, typeof(SyncOutcome.Failed))]
    [InlineData(JobStatus.Cancelled, typeof(SyncOutcome.Failed))]
    [InlineData(JobStatus.Running, typeof(SyncOutcome.Pending))]
    [InlineData(JobStatus.Queued, typeof(SyncOutcome.Pending))]
    public async Task The_job_status_at_the_end_of_the_wait_decides_the_outcome(JobStatus status, Type expected)
    {
        var jobs = new FakeJobs { WaitResult = id => Snapshot(id, status) };

        var outcome = await Service(jobs).RunAsync(Draft(), Wait, SyncFamily.A1111, CancellationToken.None);

        Assert.IsType(expected, outcome);
        Assert.Equal(Wait, jobs.LastTimeout);
        var job = outcome switch
        {
            SyncOutcome.Completed c => c.Job,
            SyncOutcome.Failed f => f.Job,
            SyncOutcome.Pending p => p.Job,
            _ => null,
        };
        Assert.Equal(status, job!.Job.Status);
        Assert.Equal(jobs.SubmittedId, job.Job.Id);
    }

    [Fact]
    public async Task A_job_gone_while_waiting_is_pending_and_lost_with_the_job_as_submitted()
    {
        var jobs = new FakeJobs { WaitResult = _ => null };

        var outcome = await Service(jobs).RunAsync(Draft(), Wait, SyncFamily.OpenAI, CancellationToken.None);

        var pending = Assert.IsType<SyncOutcome.Pending>(outcome);
        Assert.True(pending.Lost);
        Assert.Equal(JobStatus.Queued, pending.Job.Job.Status);
        Assert.Equal(jobs.SubmittedId, pending.Job.Job.Id);
    }

    [Theory]
    [InlineData(SyncFamily.Seed, null, false)]
    [InlineData(SyncFamily.A1111, null, false)]
    [InlineData(SyncFamily.OpenAI, null, true)]
    [InlineData(SyncFamily.Seed, DisconnectPolicy.Cancel, true)]
    [InlineData(SyncFamily.A1111, DisconnectPolicy.Cancel, true)]
    [InlineData(SyncFamily.OpenAI, DisconnectPolicy.Keep, false)]
    [InlineData(SyncFamily.OpenAI, DisconnectPolicy.Cancel, true)]
    public async Task A_client_that_hangs_up_keeps_or_cancels_its_job_by_policy(SyncFamily family, DisconnectPolicy? configured, bool cancels)
    {
        var jobs = new FakeJobs { WaitForever = true };
        var service = Service(jobs, configured);
        using var client = new CancellationTokenSource();

        var run = service.RunAsync(Draft(), Wait, family, client.Token);
        await jobs.WaitStarted.Task;
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cancels ? [jobs.SubmittedId!] : [], jobs.Cancelled);
        Assert.Equal(cancels ? DisconnectPolicy.Cancel : DisconnectPolicy.Keep, service.PolicyFor(family));
    }

    [Fact]
    public async Task A_cancel_on_hang_up_does_not_use_the_fired_client_token()
    {
        var jobs = new FakeJobs { WaitForever = true };
        using var client = new CancellationTokenSource();

        var run = Service(jobs).RunAsync(Draft(), Wait, SyncFamily.OpenAI, client.Token);
        await jobs.WaitStarted.Task;
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(Assert.Single(jobs.CancelTokens).IsCancellationRequested);
    }

    private static SubmitAndWait Service(FakeJobs jobs, DisconnectPolicy? configured = null) =>
        new(jobs, Options.Create(new SupervisorOptions { Sync = new SyncOptions { OnDisconnect = configured } }), NullLogger<SubmitAndWait>.Instance);

    private static GenerationDraft Draft() => new() { Type = JobType.Text2Img, Parameters = new GenerationParameters { Prompt = "a cat" } };

    private static JobSnapshot Snapshot(string id, JobStatus status) =>
        new(new Job { Id = id, Status = status, Request = new GenerationParameters(), CreatedAt = DateTimeOffset.UnixEpoch }, null, null);

    private sealed class FakeJobs : ISyncJobs
    {
        public SubmitError? Refusal { get; init; }
        public Func<string, JobSnapshot?> WaitResult { get; init; } = id => Snapshot(id, JobStatus.Completed);
        public bool WaitForever { get; init; }
        public string? SubmittedId { get; private set; }
        public int Waits { get; private set; }
        public TimeSpan? LastTimeout { get; private set; }
        public List<string> Cancelled { get; } = [];
        public List<CancellationToken> CancelTokens { get; } = [];
        public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SubmitResult> SubmitAsync(GenerationDraft draft, CancellationToken cancellationToken)
        {
            if (Refusal is not null)
                return Task.FromResult(new SubmitResult(null, Refusal));
            SubmittedId = Job.NewId();
            return Task.FromResult(new SubmitResult(Snapshot(SubmittedId, JobStatus.Queued), null));
        }

        public async Task<JobSnapshot?> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Waits++;
            LastTimeout = timeout;
            WaitStarted.TrySetResult();
            if (WaitForever)
                await Task.Delay(Timeout.Infinite, cancellationToken);
            return WaitResult(jobId);
        }

        public Task<CancelOutcome> CancelAsync(string jobId, CancellationToken cancellationToken)
        {
            Cancelled.Add(jobId);
            CancelTokens.Add(cancellationToken);
            return Task.FromResult(CancelOutcome.Cancelling);
        }
    }
}
