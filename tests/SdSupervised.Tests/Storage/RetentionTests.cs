using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Tests.Storage;

/// <summary>
/// Retention and the finished-job queries it runs on: a real SQLite store and real folders in a temp dir, a fake clock.
/// Finished jobs go whole (row, outputs, inputs), those that finished first go first, active jobs are never touched.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sds-retention-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(T0);
    private readonly JobQueue _queue = new();
    private readonly RetentionTotals _totals = new();
    private readonly Dictionary<string, List<string>> _folders = [];
    private SqliteJobStore _store = null!;
    private StoragePaths _paths = null!;

    public async Task InitializeAsync()
    {
        _paths = new StoragePaths(_root);
        _store = new SqliteJobStore(Path.Combine(_root, "jobs.db"), NullLogger<SqliteJobStore>.Instance);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Finished_jobs_are_listed_by_when_they_finished_and_the_cutoff_is_an_instant_whatever_the_offset()
    {
        var late = await AddAsync(JobStatus.Completed, finishedAt: T0.AddHours(3));
        var early = await AddAsync(JobStatus.Failed, finishedAt: T0.AddHours(1).ToOffset(TimeSpan.FromHours(5)));
        var middle = await AddAsync(JobStatus.Cancelled, finishedAt: T0.AddHours(2));
        await AddAsync(JobStatus.Queued);
        await AddAsync(JobStatus.Running);

        var all = await _store.ListFinishedAsync(null, 10, CancellationToken.None);
        Assert.Equal([early, middle, late], all.Select(j => j.Id));
        var before = await _store.ListFinishedAsync(T0.AddHours(2.5).ToOffset(TimeSpan.FromHours(-7)), 10, CancellationToken.None);
        Assert.Equal([early, middle], before.Select(j => j.Id));
        Assert.Single(await _store.ListFinishedAsync(null, 1, CancellationToken.None));
    }

    [Fact]
    public async Task The_store_deletes_only_finished_rows()
    {
        var finished = await AddAsync(JobStatus.Completed, finishedAt: T0);
        var queued = await AddAsync(JobStatus.Queued);
        var running = await AddAsync(JobStatus.Running);

        Assert.True(await _store.DeleteAsync(finished, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(finished, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(queued, CancellationToken.None));
        Assert.False(await _store.DeleteAsync(running, CancellationToken.None));
        Assert.Null(await _store.GetAsync(finished, CancellationToken.None));
        Assert.NotNull(await _store.GetAsync(queued, CancellationToken.None));
        Assert.NotNull(await _store.GetAsync(running, CancellationToken.None));
    }

    [Fact]
    public async Task By_size_the_jobs_that_finished_first_go_first_until_the_rest_fit_and_active_jobs_files_stay()
    {
        // Created in another order than they finished: retention goes by when they finished.
        var second = await AddAsync(JobStatus.Completed, finishedAt: T0.AddMinutes(2), outputBytes: 600, inputBytes: 400);
        var first = await AddAsync(JobStatus.Completed, finishedAt: T0.AddMinutes(1), outputBytes: 600, inputBytes: 400);
        var third = await AddAsync(JobStatus.Failed, finishedAt: T0.AddMinutes(3), outputBytes: 1000);
        var running = await AddAsync(JobStatus.Running, inputBytes: 5000, active: true);
        // 8000 bytes in all; 7500 allowed: deleting the first job to finish is enough.
        var retention = Retention(maxBytes: 7500, batchSize: 1);

        Assert.Equal(1, await retention.RunOnceAsync(CancellationToken.None));

        Assert.False(await AnyLeftAsync(first));
        Assert.True(await AllLeftAsync(second, third, running));
        Assert.Null(await _store.GetAsync(first, CancellationToken.None));
        Assert.Equal(1, _totals.DeletedJobs);
        Assert.Equal(1000, _totals.FreedBytes);
        Assert.Equal(_time.GetUtcNow(), _totals.LastRunAt);
    }

    [Fact]
    public async Task By_size_over_the_limit_with_active_jobs_alone_deletes_every_finished_job_and_stops()
    {
        var finished = await AddAsync(JobStatus.Completed, finishedAt: T0, outputBytes: 100);
        var running = await AddAsync(JobStatus.Running, inputBytes: 5000, active: true);
        var queued = await AddAsync(JobStatus.Queued, inputBytes: 5000, active: true);

        Assert.Equal(1, await Retention(maxBytes: 1, batchSize: 10).RunOnceAsync(CancellationToken.None));

        Assert.False(await AnyLeftAsync(finished));
        Assert.True(await AllLeftAsync(running, queued));
    }

    [Fact]
    public async Task By_age_jobs_that_finished_before_the_cutoff_are_deleted_in_batches_and_newer_ones_stay()
    {
        var old = new[]
        {
            await AddAsync(JobStatus.Completed, finishedAt: T0, outputBytes: 10),
            await AddAsync(JobStatus.Cancelled, finishedAt: T0.AddHours(1), inputBytes: 10),
            await AddAsync(JobStatus.Failed, finishedAt: T0.AddHours(2)),
        };
        var recent = await AddAsync(JobStatus.Completed, finishedAt: T0.AddHours(30), outputBytes: 10);
        var running = await AddAsync(JobStatus.Running, inputBytes: 10, active: true);
        _time.SetUtcNow(T0.AddDays(2));

        Assert.Equal(3, await Retention(maxAgeDays: 1, batchSize: 2).RunOnceAsync(CancellationToken.None));

        Assert.False(await AnyLeftAsync(old));
        Assert.True(await AllLeftAsync(recent, running));
        Assert.Equal(20, _totals.FreedBytes);
    }

    [Fact]
    public async Task Deleting_an_active_job_is_refused_and_touches_nothing()
    {
        var running = await AddAsync(JobStatus.Running, inputBytes: 10, active: true);
        var unloaded = await AddAsync(JobStatus.Queued, inputBytes: 10);

        Assert.Equal(JobDeletionOutcome.Active, (await Deletion().DeleteAsync(running, CancellationToken.None)).Outcome);
        Assert.Equal(JobDeletionOutcome.Active, (await Deletion().DeleteAsync(unloaded, CancellationToken.None)).Outcome);
        Assert.Equal(JobDeletionOutcome.NotFound, (await Deletion().DeleteAsync(Job.NewId(), CancellationToken.None)).Outcome);
        Assert.True(await AllLeftAsync(running, unloaded));
    }

    private JobDeletion Deletion() => new(_store, _queue, new OutputStore(_paths.Outputs, NullLogger<OutputStore>.Instance),
        new InputImageStore(_paths.Inputs), NullLogger<JobDeletion>.Instance);

    private RetentionService Retention(double maxAgeDays = 0, long maxBytes = 0, int batchSize = 100) =>
        new(_store, Deletion(), _paths, _totals,
            Options.Create(new RetentionOptions { MaxAgeDays = maxAgeDays, MaxBytes = maxBytes, BatchSize = batchSize }),
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), _time, NullLogger<RetentionService>.Instance);

    /// <summary>A stored job with output and input files of the given sizes; an active one is also in the queue.</summary>
    private async Task<string> AddAsync(JobStatus status, DateTimeOffset? finishedAt = null, long outputBytes = 0, long inputBytes = 0, bool active = false)
    {
        var job = await _store.InsertAsync(new Job
        {
            Id = Job.NewId(),
            Status = status,
            Request = new GenerationParameters { Prompt = "kept or not", Seed = 1 },
            CreatedAt = T0.AddDays(-1),
            CompletedAt = finishedAt,
        }, CancellationToken.None);
        if (active)
            _queue.Enqueue(new ActiveJob(job));
        _folders[job.Id] = [];
        Write(job.Id, Path.Combine(_paths.Outputs, job.Id), "00-1.png", outputBytes);
        Write(job.Id, Path.Combine(_paths.Inputs, job.Id), "init.png", inputBytes);
        return job.Id;
    }

    private void Write(string jobId, string folder, string name, long bytes)
    {
        if (bytes == 0)
            return;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), new byte[bytes]);
        _folders[jobId].Add(folder);
    }

    /// <summary>Something of any of these jobs (its row, its outputs or its inputs) is still there.</summary>
    private async Task<bool> AnyLeftAsync(params string[] ids)
    {
        foreach (var id in ids)
            if (await _store.GetAsync(id, CancellationToken.None) is not null
                || Directory.Exists(Path.Combine(_paths.Outputs, id)) || Directory.Exists(Path.Combine(_paths.Inputs, id)))
                return true;
        return false;
    }

    /// <summary>Every one of these jobs still has its row and the folders it was given.</summary>
    private async Task<bool> AllLeftAsync(params string[] ids)
    {
        foreach (var id in ids)
            if (await _store.GetAsync(id, CancellationToken.None) is null || !_folders[id].All(Directory.Exists))
                return false;
        return true;
    }
}
