using System.Collections.Immutable;
using System.Data.Common;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Jobs.Store;

/// <summary>
/// What every <see cref="IJobStore"/> promises, run against each implementation (SQLite and PostgreSQL) by a
/// subclass that says how to open one. Engine-specific behaviour (pragmas, migrations from old files, advisory
/// locks) is tested beside each store; everything the rest of the supervisor relies on is here, once.
/// </summary>
public abstract class JobStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5358979);

    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>A new store over this test's database (the same database on every call within one test).</summary>
    protected abstract Task<IJobStore> CreateStoreAsync();

    /// <summary>Deletes a row whatever its status, behind the store's back (as an operator with the database's own client would).</summary>
    protected abstract Task DeleteRowAsync(string id);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    protected async Task<IJobStore> OpenAsync()
    {
        var store = await CreateStoreAsync();
        if (store is IAsyncDisposable disposable)
        {
            _opened.Add(disposable);
        }

        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None); // idempotent
        return store;
    }

    protected static async Task CloseAsync(IJobStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_field_round_trips()
    {
        var store = await OpenAsync();
        var failures = Enum.GetValues<FailureKind>()
            .Select((kind, i) => new JobFailure(kind, $"failure {kind} – ünïcode ✓", i % 2 == 0 ? $"gpu{i}" : null, T0.AddSeconds(i).AddTicks(i)))
            .ToImmutableList();
        var job = NewJob() with
        {
            Status = JobStatus.Failed,
            Request = new GenerationParameters
            {
                Prompt = "a lighthouse, \"quoted\"\nsecond line, 日本語, a NUL \0 and an emoji 🐈",
                NegativePrompt = "blurry",
                Width = 768,
                Height = 1024,
                Steps = 33,
                CfgScale = 7.25f,
                SamplingMethod = "euler_a",
                Scheduler = "karras",
                Seed = 9_007_199_254_740_993,
                BatchCount = 4,
                Model = "sd_xl_base_1.0.safetensors",
                ClipSkip = 2,
                Fault = "cuda-oom",
                FaultAttempts = 2,
                FaultStep = 5,
            },
            Attempts = 3,
            Failures = failures,
            Error = new JobError(FailureKind.CudaOutOfMemory, "out of GPU memory at 768x1024"),
            Outputs = [new JobOutput("00-1.png", 1, 768, 1024), new JobOutput("01-2.png", 2, 768, 1024)],
            Timings =
            [
                new AttemptTimings(1, "gpu0", null, T0.AddSeconds(1), T0.AddSeconds(4), 1, 0, 0, 0, 4),
                new AttemptTimings(2, "gpu1", "sd_xl_base_1.0.safetensors", T0.AddSeconds(5), T0.AddSeconds(9), 1, 2.5, 0.125, 0.0625, 5),
            ],
            WorkerId = "gpu1",
            CreatedAt = T0,
            StartedAt = T0.AddMinutes(1),
            CompletedAt = T0.ToOffset(TimeSpan.FromHours(-7)).AddMinutes(2),
        };

        var inserted = await store.InsertAsync(job, CancellationToken.None);
        var loaded = await store.GetAsync(job.Id, CancellationToken.None);

        Assert.NotNull(loaded);
        AssertSameJob(inserted, loaded);
        Assert.Equal(job.CompletedAt!.Value.Offset, loaded.CompletedAt!.Value.Offset);
    }

    [Fact]
    public async Task Nullable_fields_round_trip_as_null()
    {
        var store = await OpenAsync();
        var job = NewJob() with { Request = new GenerationParameters { Prompt = "p", Seed = 1 } };

        await store.InsertAsync(job, CancellationToken.None);
        var loaded = await store.GetAsync(job.Id, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Null(loaded.Error);
        Assert.Null(loaded.WorkerId);
        Assert.Null(loaded.StartedAt);
        Assert.Null(loaded.CompletedAt);
        Assert.Empty(loaded.Failures);
        Assert.Empty(loaded.Outputs);
        Assert.Empty(loaded.Timings);
        AssertSameJob(job with { Sequence = loaded.Sequence }, loaded);
    }

    [Fact]
    public async Task A_convert_job_round_trips_with_its_request()
    {
        var store = await OpenAsync();
        var job = NewJob() with
        {
            Type = JobType.Convert,
            Status = JobStatus.Completed,
            Request = new ConvertParameters
            {
                ModelId = "checkpoints--sd15.safetensors",
                Input = "checkpoints/sd15.safetensors",
                OutputType = "q8_0",
                Output = "checkpoints/sd15.q8_0.gguf",
                Vae = "vae/sd-vae-ft-mse.safetensors",
            },
            Outputs = [new JobOutput("checkpoints/sd15.q8_0.gguf", 0, 0, 0)],
            CompletedAt = T0.AddMinutes(3),
        };

        var inserted = await store.InsertAsync(job, CancellationToken.None);
        var loaded = await store.GetAsync(job.Id, CancellationToken.None);

        Assert.NotNull(loaded);
        AssertSameJob(inserted, loaded);
        Assert.Equal(job.Request, loaded.Request);
    }

    [Fact]
    public async Task An_upscale_job_round_trips_with_its_request()
    {
        var store = await OpenAsync();
        var job = NewJob() with
        {
            Type = JobType.Upscale,
            Request = new UpscaleParameters { EsrganModel = "RealESRGAN_x4plus.pth", Owner = "alice" },
        };

        var inserted = await store.InsertAsync(job, CancellationToken.None);
        var loaded = await store.GetAsync(job.Id, CancellationToken.None);

        Assert.NotNull(loaded);
        AssertSameJob(inserted, loaded);
        Assert.Equal("alice", loaded.Owner);
    }

    [Fact]
    public async Task Insert_assigns_increasing_sequences()
    {
        var store = await OpenAsync();

        var first = await store.InsertAsync(NewJob(), CancellationToken.None);
        var second = await store.InsertAsync(NewJob(), CancellationToken.None);

        Assert.True(first.Sequence > 0);
        Assert.True(second.Sequence > first.Sequence);
    }

    [Fact]
    public async Task Concurrent_inserts_get_sequences_in_the_order_they_were_called()
    {
        var store = await OpenAsync();
        var jobs = Enumerable.Range(0, 100).Select(_ => NewJob()).ToList();

        // Called one after another without waiting, as JobService does under its lock.
        var inserts = jobs.Select(job => store.InsertAsync(job, CancellationToken.None)).ToList();
        var inserted = await Task.WhenAll(inserts);

        Assert.Equal(jobs.Select(j => j.Id), inserted.OrderBy(j => j.Sequence).Select(j => j.Id));
        Assert.Equal(100, inserted.Select(j => j.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task The_sequence_of_a_deleted_newest_job_is_not_given_to_the_next_one()
    {
        var store = await OpenAsync();
        await store.InsertAsync(NewJob(), CancellationToken.None);
        var newest = await store.InsertAsync(NewJob(), CancellationToken.None);
        await DeleteRowAsync(newest.Id);

        var next = await store.InsertAsync(NewJob(), CancellationToken.None);

        Assert.True(next.Sequence > newest.Sequence);
    }

    [Fact]
    public async Task Update_replaces_the_job_and_keeps_its_place_in_the_queue()
    {
        var store = await OpenAsync();
        var job = await store.InsertAsync(NewJob(), CancellationToken.None);
        await store.InsertAsync(NewJob(), CancellationToken.None);

        var running = job with { Status = JobStatus.Running, Attempts = 1, WorkerId = "gpu0", StartedAt = T0.AddSeconds(5), Sequence = 999 };
        await store.UpdateAsync(running, CancellationToken.None);
        var completed = running with
        {
            Status = JobStatus.Completed,
            Outputs = [new JobOutput("00-7.png", 7, 512, 512)],
            CompletedAt = T0.AddSeconds(9),
        };
        await store.UpdateAsync(completed, CancellationToken.None);

        var loaded = await store.GetAsync(job.Id, CancellationToken.None);
        Assert.NotNull(loaded);
        AssertSameJob(completed with { Sequence = job.Sequence }, loaded);
    }

    [Fact]
    public async Task Update_of_an_unknown_job_throws()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync(NewJob(), CancellationToken.None));
    }

    [Fact]
    public async Task Insert_of_an_existing_id_throws_and_keeps_the_first()
    {
        var store = await OpenAsync();
        var job = await store.InsertAsync(NewJob(), CancellationToken.None);

        await Assert.ThrowsAnyAsync<DbException>(() => store.InsertAsync(job with { Status = JobStatus.Failed }, CancellationToken.None));
        Assert.Equal(JobStatus.Queued, (await store.GetAsync(job.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        var store = await OpenAsync();
        await store.InsertAsync(NewJob(), CancellationToken.None);

        Assert.Null(await store.GetAsync("no-such-job", CancellationToken.None));
    }

    [Fact]
    public async Task ListActive_returns_queued_and_running_jobs_in_fifo_order()
    {
        var store = await OpenAsync();
        var inserted = new List<Job>();
        foreach (var status in new[] { JobStatus.Queued, JobStatus.Completed, JobStatus.Running, JobStatus.Failed, JobStatus.Queued, JobStatus.Cancelled, JobStatus.Queued })
        {
            inserted.Add(await store.InsertAsync(NewJob() with { Status = status }, CancellationToken.None));
        }

        // A transition of an early job must not move it behind later ones.
        await store.UpdateAsync(inserted[0] with { Status = JobStatus.Running }, CancellationToken.None);

        var active = await store.ListActiveAsync(CancellationToken.None);

        Assert.Equal([inserted[0].Id, inserted[2].Id, inserted[4].Id, inserted[6].Id], active.Select(j => j.Id));
        Assert.Equal(active.Select(j => j.Sequence).Order(), active.Select(j => j.Sequence));
    }

    [Fact]
    public async Task ListRecent_returns_newest_first_up_to_the_limit()
    {
        var store = await OpenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var status = i % 2 == 0 ? JobStatus.Completed : JobStatus.Queued;
            ids.Add((await store.InsertAsync(NewJob() with { Status = status }, CancellationToken.None)).Id);
        }

        var recent = await store.ListRecentAsync(3, CancellationToken.None);

        Assert.Equal([ids[4], ids[3], ids[2]], recent.Select(j => j.Id));
        Assert.Empty(await store.ListRecentAsync(0, CancellationToken.None));
        Assert.Empty(await store.ListRecentAsync(-1, CancellationToken.None));
        Assert.Equal(5, (await store.ListRecentAsync(100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RequeueInterrupted_puts_running_jobs_back_in_the_queue_with_their_history()
    {
        var store = await OpenAsync();
        var failure = new JobFailure(FailureKind.Segfault, "SIGSEGV", "gpu0", T0);
        var running = await store.InsertAsync(NewJob() with
        {
            Status = JobStatus.Running,
            Attempts = 2,
            Failures = [failure],
            WorkerId = "gpu1",
            StartedAt = T0.AddMinutes(1),
        }, CancellationToken.None);
        var queued = await store.InsertAsync(NewJob(), CancellationToken.None);
        var completed = await store.InsertAsync(NewJob() with { Status = JobStatus.Completed, CompletedAt = T0 }, CancellationToken.None);

        var count = await store.RequeueInterruptedAsync(CancellationToken.None);

        Assert.Equal(1, count);
        var requeued = await store.GetAsync(running.Id, CancellationToken.None);
        Assert.NotNull(requeued);
        Assert.Equal(JobStatus.Queued, requeued.Status);
        Assert.Equal(2, requeued.Attempts);
        Assert.Equal([failure], requeued.Failures);
        Assert.Equal("gpu1", requeued.WorkerId);
        Assert.Null(requeued.StartedAt);
        Assert.Equal(running.Sequence, requeued.Sequence);
        Assert.Equal(JobStatus.Queued, (await store.GetAsync(queued.Id, CancellationToken.None))!.Status);
        Assert.Equal(JobStatus.Completed, (await store.GetAsync(completed.Id, CancellationToken.None))!.Status);
        Assert.Equal(0, await store.RequeueInterruptedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_store()
    {
        var first = await OpenAsync();
        var a = await first.InsertAsync(NewJob() with { Status = JobStatus.Running, StartedAt = T0 }, CancellationToken.None);
        var b = await first.InsertAsync(NewJob(), CancellationToken.None);
        await CloseAsync(first);

        var second = await OpenAsync();
        var requeued = await second.RequeueInterruptedAsync(CancellationToken.None);
        var c = await second.InsertAsync(NewJob(), CancellationToken.None);
        var active = await second.ListActiveAsync(CancellationToken.None);

        Assert.Equal(1, requeued);
        Assert.Equal([a.Id, b.Id, c.Id], active.Select(j => j.Id));
        Assert.True(c.Sequence > b.Sequence);
        AssertSameJob(b, active[1]);
    }

    [Fact]
    public async Task Concurrent_inserts_and_updates_all_land()
    {
        var store = await OpenAsync();
        const int count = 50;

        var inserted = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() =>
            store.InsertAsync(NewJob() with { Request = new GenerationParameters { Prompt = $"p{i}", Seed = i } }, CancellationToken.None))));
        await Task.WhenAll(inserted.Select(job => Task.Run(async () =>
        {
            await store.UpdateAsync(job with { Status = JobStatus.Running, Attempts = 1, WorkerId = "w" }, CancellationToken.None);
            Assert.NotNull(await store.GetAsync(job.Id, CancellationToken.None));
            await store.UpdateAsync(job with { Status = JobStatus.Completed, Attempts = 1, CompletedAt = T0 }, CancellationToken.None);
        })));

        Assert.Equal(count, inserted.Select(j => j.Sequence).Distinct().Count());
        var all = await store.ListRecentAsync(1000, CancellationToken.None);
        Assert.Equal(count, all.Count);
        Assert.All(all, job => Assert.Equal(JobStatus.Completed, job.Status));
        Assert.Empty(await store.ListActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Methods_work_without_an_explicit_initialize()
    {
        var store = await CreateStoreAsync();
        if (store is IAsyncDisposable disposable)
        {
            _opened.Add(disposable);
        }

        Assert.Empty(await store.ListActiveAsync(CancellationToken.None));
        Assert.True((await store.InsertAsync(NewJob(), CancellationToken.None)).Sequence > 0);
    }

    [Fact]
    public async Task ListFinished_orders_by_when_jobs_finished_whatever_the_offset()
    {
        var store = await OpenAsync();
        // Created in one order, finished in another, with the times written at different offsets.
        var late = await store.InsertAsync(NewJob() with { Status = JobStatus.Completed, CompletedAt = T0.AddHours(3) }, CancellationToken.None);
        var early = await store.InsertAsync(NewJob() with { Status = JobStatus.Failed, CompletedAt = T0.AddHours(1).ToOffset(TimeSpan.FromHours(-7)) }, CancellationToken.None);
        var middle = await store.InsertAsync(NewJob() with { Status = JobStatus.Cancelled, CompletedAt = T0.AddHours(2).ToOffset(TimeSpan.FromHours(9)) }, CancellationToken.None);
        await store.InsertAsync(NewJob(), CancellationToken.None);
        await store.InsertAsync(NewJob() with { Status = JobStatus.Running, StartedAt = T0 }, CancellationToken.None);

        var all = await store.ListFinishedAsync(null, 10, CancellationToken.None);
        Assert.Equal([early.Id, middle.Id, late.Id], all.Select(j => j.Id));
        var before = await store.ListFinishedAsync(T0.AddHours(2.5).ToOffset(TimeSpan.FromHours(-3)), 10, CancellationToken.None);
        Assert.Equal([early.Id, middle.Id], before.Select(j => j.Id));
        Assert.Single(await store.ListFinishedAsync(null, 1, CancellationToken.None));
        Assert.Empty(await store.ListFinishedAsync(null, 0, CancellationToken.None));
    }

    [Fact]
    public async Task A_job_that_finishes_by_update_is_listed_as_finished()
    {
        var store = await OpenAsync();
        var job = await store.InsertAsync(NewJob(), CancellationToken.None);
        Assert.Empty(await store.ListFinishedAsync(null, 10, CancellationToken.None));

        await store.UpdateAsync(job with { Status = JobStatus.Completed, CompletedAt = T0.AddMinutes(1) }, CancellationToken.None);

        Assert.Equal([job.Id], (await store.ListFinishedAsync(null, 10, CancellationToken.None)).Select(j => j.Id));
    }

    [Fact]
    public async Task Delete_removes_only_finished_jobs()
    {
        var store = await OpenAsync();
        var finished = await store.InsertAsync(NewJob() with { Status = JobStatus.Completed, CompletedAt = T0 }, CancellationToken.None);
        var queued = await store.InsertAsync(NewJob(), CancellationToken.None);
        var running = await store.InsertAsync(NewJob() with { Status = JobStatus.Running, StartedAt = T0 }, CancellationToken.None);

        Assert.True(await store.DeleteAsync(finished.Id, CancellationToken.None));
        Assert.False(await store.DeleteAsync(finished.Id, CancellationToken.None));
        Assert.False(await store.DeleteAsync(queued.Id, CancellationToken.None));
        Assert.False(await store.DeleteAsync(running.Id, CancellationToken.None));
        Assert.False(await store.DeleteAsync("no-such-job", CancellationToken.None));
        Assert.Null(await store.GetAsync(finished.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(queued.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(running.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_token_is_honoured()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.InsertAsync(NewJob(), new CancellationToken(canceled: true)));
        Assert.Empty(await store.ListRecentAsync(10, CancellationToken.None));
    }

    protected static Job NewJob() => new()
    {
        Id = Job.NewId(),
        Request = new GenerationParameters { Prompt = "a cat", Seed = 42 },
        CreatedAt = T0,
    };

    /// <summary>Record equality compares immutable lists by reference; compare them by content instead.</summary>
    protected static void AssertSameJob(Job expected, Job actual)
    {
        Assert.Equal(expected.Failures, actual.Failures);
        Assert.Equal(expected.Outputs, actual.Outputs);
        Assert.Equal(expected.Timings, actual.Timings);
        Assert.Equal(expected, actual with { Failures = expected.Failures, Outputs = expected.Outputs, Timings = expected.Timings });
    }
}
