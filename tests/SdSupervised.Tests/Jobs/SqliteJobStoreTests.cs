using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Jobs;

public sealed class SqliteJobStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5358979);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sds-jobstore-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteJobStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "nested", "jobs.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
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
                Prompt = "a lighthouse, \"quoted\"\nsecond line, 日本語",
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
        Assert.Equal(1, loaded.Sequence);
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
        Assert.Null(loaded.RequestAs<GenerationParameters>().SamplingMethod);
        Assert.Null(loaded.RequestAs<GenerationParameters>().Scheduler);
        Assert.Null(loaded.RequestAs<GenerationParameters>().Model);
        Assert.Null(loaded.RequestAs<GenerationParameters>().Fault);
        Assert.Null(loaded.RequestAs<GenerationParameters>().FaultAttempts);
        Assert.Empty(loaded.Failures);
        Assert.Empty(loaded.Outputs);
        Assert.Equal(job.Request, loaded.Request);
    }

    [Fact]
    public async Task A_convert_job_round_trips_with_its_parameters_in_params_json()
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
        Assert.Equal(JobType.Convert, loaded.Type);
        Assert.Equal(job.Request, loaded.Request);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, params_json FROM jobs";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("convert", reader.GetString(0));
        Assert.Contains("\"output_type\":\"q8_0\"", reader.GetString(1));
        Assert.DoesNotContain("prompt", reader.GetString(1));
    }

    [Fact]
    public async Task A_text2img_job_reads_back_as_an_image_request()
    {
        var store = await OpenAsync();
        var job = await store.InsertAsync(NewJob(), CancellationToken.None);

        var loaded = await store.GetAsync(job.Id, CancellationToken.None);

        Assert.Equal(JobType.Text2Img, loaded!.Type);
        Assert.IsType<GenerationParameters>(loaded.Request);
    }

    [Fact]
    public async Task Insert_assigns_increasing_sequences()
    {
        var store = await OpenAsync();

        var first = await store.InsertAsync(NewJob(), CancellationToken.None);
        var second = await store.InsertAsync(NewJob(), CancellationToken.None);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
    }

    [Fact]
    public async Task Concurrent_inserts_get_sequences_in_the_order_they_were_called()
    {
        var store = await OpenAsync();
        var jobs = Enumerable.Range(0, 100).Select(_ => NewJob()).ToList();

        // Called one after another without waiting, as JobService does under its lock: they commit together.
        var inserts = jobs.Select(job => store.InsertAsync(job, CancellationToken.None)).ToList();
        var inserted = await Task.WhenAll(inserts);

        Assert.Equal(jobs.Select(j => j.Id), inserted.OrderBy(j => j.Sequence).Select(j => j.Id));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inserted.Select(j => j.Sequence));
    }

    [Fact]
    public async Task The_sequence_of_a_deleted_newest_job_is_not_given_to_the_next_one()
    {
        var store = await OpenAsync();
        await store.InsertAsync(NewJob(), CancellationToken.None);
        var newest = await store.InsertAsync(NewJob(), CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM jobs WHERE id = $id;";
            command.Parameters.AddWithValue("$id", newest.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var next = await store.InsertAsync(NewJob(), CancellationToken.None);

        Assert.Equal(newest.Sequence + 1, next.Sequence);
    }

    [Fact]
    public async Task A_failed_insert_does_not_fail_the_inserts_committed_with_it()
    {
        var store = await OpenAsync();
        var existing = await store.InsertAsync(NewJob(), CancellationToken.None);

        var before = store.InsertAsync(NewJob(), CancellationToken.None);
        var duplicate = store.InsertAsync(NewJob() with { Id = existing.Id }, CancellationToken.None);
        var after = store.InsertAsync(NewJob(), CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        var stored = new[] { await before, await after };
        foreach (var job in stored)
            Assert.NotNull(await store.GetAsync(job.Id, CancellationToken.None));
        Assert.True(stored[0].Sequence < stored[1].Sequence);
        Assert.Equal(3, (await store.ListRecentAsync(10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Update_replaces_the_job_and_keeps_its_place_in_the_queue()
    {
        var store = await OpenAsync();
        var job = await store.InsertAsync(NewJob(), CancellationToken.None);
        await store.InsertAsync(NewJob(), CancellationToken.None);

        var running = job with
        {
            Status = JobStatus.Running,
            Attempts = 1,
            WorkerId = "gpu0",
            StartedAt = T0.AddSeconds(5),
            Sequence = 999,
        };
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
    public async Task Insert_of_an_existing_id_throws()
    {
        var store = await OpenAsync();
        var job = await store.InsertAsync(NewJob(), CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() => store.InsertAsync(job, CancellationToken.None));
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
        Assert.Null(requeued.StartedAt);
        Assert.Equal(running.Sequence, requeued.Sequence);
        Assert.Equal(JobStatus.Queued, (await store.GetAsync(queued.Id, CancellationToken.None))!.Status);
        Assert.Equal(JobStatus.Completed, (await store.GetAsync(completed.Id, CancellationToken.None))!.Status);
        Assert.Equal(0, await store.RequeueInterruptedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Data_survives_reopening_the_file_with_a_new_store()
    {
        var first = await OpenAsync();
        var a = await first.InsertAsync(NewJob() with { Status = JobStatus.Running, StartedAt = T0 }, CancellationToken.None);
        var b = await first.InsertAsync(NewJob(), CancellationToken.None);
        await first.DisposeAsync();

        var second = await OpenAsync();
        var requeued = await second.RequeueInterruptedAsync(CancellationToken.None);
        var c = await second.InsertAsync(NewJob(), CancellationToken.None);
        var active = await second.ListActiveAsync(CancellationToken.None);

        Assert.Equal(1, requeued);
        Assert.Equal([a.Id, b.Id, c.Id], active.Select(j => j.Id));
        Assert.Equal(3, c.Sequence);
        AssertSameJob(b, active[1]);
    }

    [Fact]
    public async Task Database_is_in_wal_mode_with_a_schema_version()
    {
        await OpenAsync();

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteJobStore.SchemaVersion, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_jobs_status_seq';";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_version_1_database_is_upgraded_and_its_jobs_read_with_no_timings()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using (var old = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            // The version 1 schema as the previous build created it, with one finished job.
            command.CommandText =
                """
                CREATE TABLE jobs (id TEXT NOT NULL PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, type TEXT NOT NULL, status TEXT NOT NULL,
                    params_json TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, failures_json TEXT NOT NULL DEFAULT '[]', error_kind TEXT,
                    error_message TEXT, outputs_json TEXT NOT NULL DEFAULT '[]', worker_id TEXT, created_at TEXT NOT NULL, started_at TEXT, completed_at TEXT);
                CREATE INDEX ix_jobs_status_seq ON jobs (status, seq);
                INSERT INTO jobs (id, seq, type, status, params_json, attempts, created_at) VALUES ('old', 1, 'text2img', 'completed', '{}', 1, '2026-01-01T00:00:00.0000000+00:00');
                PRAGMA user_version = 1;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await OpenAsync();
        var job = await store.GetAsync("old", CancellationToken.None);

        Assert.NotNull(job);
        Assert.Empty(job.Timings);
        await store.UpdateAsync(job with { Timings = [new AttemptTimings(1, "gpu0", null, T0, T0.AddSeconds(1), 0, 0, 1, 0, 1)] }, CancellationToken.None);
        Assert.Single((await store.GetAsync("old", CancellationToken.None))!.Timings);
    }

    [Fact]
    public async Task A_version_2_database_gets_each_rows_request_kind_and_reads_every_kind_back_as_its_type()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using (var old = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            // The version 2 schema with rows as the builds before the request hierarchy wrote them: no kind.
            command.CommandText =
                """
                CREATE TABLE jobs (id TEXT NOT NULL PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, type TEXT NOT NULL, status TEXT NOT NULL,
                    params_json TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, failures_json TEXT NOT NULL DEFAULT '[]', error_kind TEXT,
                    error_message TEXT, outputs_json TEXT NOT NULL DEFAULT '[]', worker_id TEXT, created_at TEXT NOT NULL, started_at TEXT,
                    completed_at TEXT, timings_json TEXT NOT NULL DEFAULT '[]');
                CREATE INDEX ix_jobs_status_seq ON jobs (status, seq);
                INSERT INTO jobs (id, seq, type, status, params_json, created_at) VALUES
                    ('t2i', 1, 'text2img', 'queued', '{"prompt":"a cat","steps":7,"owner":"ann"}', '2026-01-01T00:00:00.0000000+00:00'),
                    ('i2i', 2, 'img2img', 'completed', '{"prompt":"x","init_image":"init.png","strength":0.5}', '2026-01-01T00:00:00.0000000+00:00'),
                    ('cv', 3, 'convert', 'completed', '{"model_id":"m","input":"m.safetensors","output_type":"q8_0","output":"m.gguf"}', '2026-01-01T00:00:00.0000000+00:00'),
                    ('up', 4, 'upscale', 'queued', '{"image":"source.png","source_width":64,"source_height":48,"owner":"bob"}', '2026-01-01T00:00:00.0000000+00:00'),
                    ('vid', 5, 'video', 'queued', '{"prompt":"waves","model":"wan","video_frames":9}', '2026-01-01T00:00:00.0000000+00:00'),
                    ('empty', 6, 'text2img', 'failed', '{}', '2026-01-01T00:00:00.0000000+00:00');
                PRAGMA user_version = 2;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await OpenAsync();

        var t2i = Assert.IsType<GenerationParameters>((await store.GetAsync("t2i", CancellationToken.None))!.Request);
        Assert.Equal(("a cat", 7, "ann"), (t2i.Prompt, t2i.Steps, t2i.Owner));
        Assert.Equal("init.png", Assert.IsType<GenerationParameters>((await store.GetAsync("i2i", CancellationToken.None))!.Request).InitImage);
        Assert.Equal("q8_0", Assert.IsType<ConvertParameters>((await store.GetAsync("cv", CancellationToken.None))!.Request).OutputType);
        var up = (await store.GetAsync("up", CancellationToken.None))!;
        Assert.Equal(("source.png", "bob"), (Assert.IsType<UpscaleParameters>(up.Request).Image, up.Owner));
        Assert.Equal(9, Assert.IsType<VideoParameters>((await store.GetAsync("vid", CancellationToken.None))!.Request).VideoFrames);
        Assert.Equal(512, Assert.IsType<GenerationParameters>((await store.GetAsync("empty", CancellationToken.None))!.Request).Width);
        Assert.Equal(5, (await store.ListActiveAsync(CancellationToken.None)).Count + 2);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT id, params_json FROM jobs ORDER BY seq;";
        await using var reader = await read.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>();
        while (await reader.ReadAsync())
            rows[reader.GetString(0)] = reader.GetString(1);
        Assert.Equal("""{"kind":"image","prompt":"a cat","steps":7,"owner":"ann"}""", rows["t2i"]);
        Assert.StartsWith("""{"kind":"convert","model_id":"m",""", rows["cv"]);
        Assert.StartsWith("""{"kind":"upscale",""", rows["up"]);
        Assert.StartsWith("""{"kind":"video",""", rows["vid"]);
        Assert.Equal("""{"kind":"image"}""", rows["empty"]);
    }

    [Fact]
    public async Task Writes_are_fully_synchronous_and_wait_when_busy()
    {
        var store = await OpenAsync();

        Assert.Equal(2L, await store.ReadWriterPragmaAsync("synchronous", CancellationToken.None)); // 2 = FULL
        Assert.True((long)(await store.ReadWriterPragmaAsync("busy_timeout", CancellationToken.None))! >= 1000);
    }

    [Fact]
    public async Task Stored_json_and_enums_are_snake_case()
    {
        var store = await OpenAsync();
        var job = NewJob() with
        {
            Status = JobStatus.Failed,
            Request = new GenerationParameters { Prompt = "p", CfgScale = 7.5f, FaultAttempts = 1 },
            Failures = [new JobFailure(FailureKind.CudaOutOfMemory, "oom", "gpu0", T0)],
            Error = new JobError(FailureKind.NativeAbort, "GGML_ASSERT"),
        };
        await store.InsertAsync(job, CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, params_json, failures_json, error_kind FROM jobs;";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("failed", reader.GetString(0));
        Assert.Contains("\"cfg_scale\":7.5", reader.GetString(1));
        Assert.Contains("\"fault_attempts\":1", reader.GetString(1));
        Assert.Contains("\"kind\":\"cuda_out_of_memory\"", reader.GetString(2));
        Assert.Contains("\"worker_id\":\"gpu0\"", reader.GetString(2));
        Assert.Equal("native_abort", reader.GetString(3));
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
            // Reads run beside the writes.
            Assert.NotNull(await store.GetAsync(job.Id, CancellationToken.None));
            await store.UpdateAsync(job with { Status = JobStatus.Completed, Attempts = 1, CompletedAt = T0 }, CancellationToken.None);
        })));

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), inserted.Select(j => j.Sequence).Order());
        var all = await store.ListRecentAsync(1000, CancellationToken.None);
        Assert.Equal(count, all.Count);
        Assert.All(all, job => Assert.Equal(JobStatus.Completed, job.Status));
        Assert.Empty(await store.ListActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Methods_work_without_an_explicit_initialize()
    {
        var store = new SqliteJobStore(DatabasePath, NullLogger<SqliteJobStore>.Instance);
        _stores.Add(store);

        Assert.Empty(await store.ListActiveAsync(CancellationToken.None));
        Assert.Equal(1, (await store.InsertAsync(NewJob(), CancellationToken.None)).Sequence);
    }

    [Fact]
    public async Task A_database_from_a_newer_schema_is_refused()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            await command.ExecuteNonQueryAsync();
        }

        var store = new SqliteJobStore(DatabasePath, NullLogger<SqliteJobStore>.Instance);
        _stores.Add(store);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => store.InitializeAsync(CancellationToken.None));
        Assert.Contains("99", error.Message);
    }

    [Fact]
    public async Task A_cancelled_token_is_honoured()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.InsertAsync(NewJob(), new CancellationToken(canceled: true)));
        Assert.Empty(await store.ListRecentAsync(10, CancellationToken.None));
    }

    private async Task<SqliteJobStore> OpenAsync()
    {
        var store = new SqliteJobStore(DatabasePath, NullLogger<SqliteJobStore>.Instance);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None); // idempotent
        return store;
    }

    private static Job NewJob() => new()
    {
        Id = Job.NewId(),
        Request = new GenerationParameters { Prompt = "a cat", Seed = 42 },
        CreatedAt = T0,
    };

    /// <summary>Record equality compares immutable lists by reference; compare them by content instead.</summary>
    private static void AssertSameJob(Job expected, Job actual)
    {
        Assert.Equal(expected.Failures, actual.Failures);
        Assert.Equal(expected.Outputs, actual.Outputs);
        Assert.Equal(expected.Timings, actual.Timings);
        Assert.Equal(expected, actual with { Failures = expected.Failures, Outputs = expected.Outputs, Timings = expected.Timings });
    }
}
