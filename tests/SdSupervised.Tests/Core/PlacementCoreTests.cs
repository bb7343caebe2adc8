using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Core;

/// <summary>Placement on the real pool and scheduler: device sizes and model pins decide which slot may take a job.</summary>
public sealed class PlacementCoreTests
{
    private const long GiB = 1024L * 1024 * 1024;

    /// <summary>w0 a 1 GiB device for flux models only, w1 a 4 GiB one that never loads flux.</summary>
    private static readonly Dictionary<string, string?> TwoDevices = new()
    {
        ["Sds:Workers"] = "2",
        ["Sds:Slots:w0:SimulatedDeviceMemoryBytes"] = (1 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sds:Slots:w1:SimulatedDeviceMemoryBytes"] = (4 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sds:Slots:w0:Models:0"] = "flux*",
        ["Sds:Slots:w1:Exclude:0"] = "FLUX-*",
    };

    [Theory]
    [InlineData("flux-dev", 64, "w0")]
    [InlineData("sdxl-base", 64, "w1")]
    [InlineData("sdxl-base", 768, "w1")]
    public async Task Jobs_run_only_where_their_model_is_allowed_and_they_fit(string model, int size, string expectedWorker)
    {
        await using var core = new CoreHarness(settings: TwoDevices);
        await core.Pool.StartAsync(CancellationToken.None);
        foreach (var slot in core.Pool.Slots)
            await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
        var active = await core.SubmitAsync(steps: 2, model: model, size: size);
        await core.RunSchedulerUntilFinishedAsync([active], TimeSpan.FromSeconds(15));
        Assert.Equal((JobStatus.Completed, expectedWorker), (active.Job.Status, active.Job.WorkerId));
    }

    [Fact]
    public async Task A_video_is_placed_by_its_device_memory_like_an_image()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?>
        {
            ["Sds:Workers"] = "2",
            ["Sds:Slots:w0:SimulatedDeviceMemoryBytes"] = (1 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sds:Slots:w1:SimulatedDeviceMemoryBytes"] = (4 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await core.Pool.StartAsync(CancellationToken.None);
        var small = core.Jobs.NewJob(JobType.Video, new VideoParameters { Model = "wan", Width = 320, Height = 240, VideoFrames = 33 });
        var large = core.Jobs.NewJob(JobType.Video, new VideoParameters { Model = "wan", Width = 1280, Height = 720, VideoFrames = 33 });

        // One frame's decode at 1280x720 (2.4 GB) fits only the 4 GiB device; at 320x240 both.
        Assert.InRange(core.Placement.NeedBytes(large), 2 * GiB, 3 * GiB);
        Assert.Equal(["w0", "w1"], core.Placement.Candidates(small).Select(s => s.WorkerId).Order());
        Assert.Equal(["w1"], core.Placement.Candidates(large).Select(s => s.WorkerId));
    }

    [Fact]
    public async Task A_queued_job_no_slot_may_take_any_more_runs_anyway_rather_than_block_the_queue()
    {
        await using var core = new CoreHarness(settings: TwoDevices);
        await core.Pool.StartAsync(CancellationToken.None);
        foreach (var slot in core.Pool.Slots)
            await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
        // Queued past submit's check (as a job stored before the pins changed): flux on w0 only, and too big for w0.
        var stuck = await core.SubmitAsync(steps: 2, model: "flux-dev", size: 768);
        var behind = await core.SubmitAsync(steps: 2, model: "sdxl-base");
        Assert.Empty(core.Placement.Candidates(stuck.Job));
        await core.RunSchedulerUntilFinishedAsync([stuck, behind], TimeSpan.FromSeconds(15));
        Assert.Equal((JobStatus.Completed, JobStatus.Completed), (stuck.Job.Status, behind.Job.Status));
    }

    [Fact]
    public async Task A_job_that_fits_only_the_large_device_waits_for_it_while_the_small_one_is_idle()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?>
        {
            ["Sds:Workers"] = "2",
            ["Sds:Slots:w0:SimulatedDeviceMemoryBytes"] = (1 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sds:Slots:w1:SimulatedDeviceMemoryBytes"] = (4 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await core.Pool.StartAsync(CancellationToken.None);
        var large = core.Pool.Find("w1")!;
        foreach (var slot in core.Pool.Slots)
            await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
        Assert.True(large.TryReserve(new WorkerHolder(WorkerHolderKind.ModelLoad, "busy"), out var held));
        var active = await core.SubmitAsync(steps: 2, model: "sdxl-base", size: 768);
        await core.Scheduler.StartAsync(CancellationToken.None);
        try
        {
            // A turn that began after an earlier turn's dispatch ended (the loop stamps each turn with the fake clock, and
            // wakes at least every second) has left it queued beside the idle small slot.
            core.Time.Advance(TimeSpan.FromMilliseconds(1));
            var second = core.Time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
            await core.EventuallyAsync(() => core.Scheduler.LastLoopAt, at => at >= second - TimeSpan.FromMilliseconds(1), "a dispatch turn");
            core.Time.Advance(TimeSpan.FromMilliseconds(1));
            await core.EventuallyAsync(() => core.Scheduler.LastLoopAt, at => at >= second, "a later dispatch turn");
            Assert.Equal(["w1"], core.Placement.Candidates(active.Job).Select(s => s.WorkerId));
            Assert.Equal(JobStatus.Queued, active.Job.Status);
            Assert.True(core.Pool.Find("w0")!.Snapshot.IsIdle);
            held.Release(served: false);
            await active.Finished.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await core.Scheduler.StopAsync(CancellationToken.None);
        }
        Assert.Equal((JobStatus.Completed, "w1"), (active.Job.Status, active.Job.WorkerId));
    }

    [Fact]
    public async Task Submit_is_refused_for_a_model_no_slot_may_load_and_for_a_job_larger_than_every_device()
    {
        await using var core = new CoreHarness(settings: TwoDevices);
        await core.Pool.StartAsync(CancellationToken.None);
        var placement = core.Placement;

        var pinned = placement.Refusal("flux-dev", 2 * GiB);
        Assert.Equal((global::SdSupervised.Supervisor.Generation.RefusalKind.NoCapableWorker, "too_large_for_devices"), (pinned!.Kind, pinned.Code));
        Assert.Contains("largest device that may load 'flux-dev' is w0 with 1024 MiB", pinned.Message, StringComparison.Ordinal);

        var tooBig = placement.Refusal("sdxl-base", 5 * GiB);
        Assert.Equal("too_large_for_devices", tooBig!.Code);
        Assert.Contains("needs about 5120 MiB", tooBig.Message, StringComparison.Ordinal);
        Assert.Contains("is w1 with 4096 MiB", tooBig.Message, StringComparison.Ordinal);

        Assert.Null(placement.Refusal("sdxl-base", 3 * GiB));
    }

    [Fact]
    public async Task With_placement_off_only_the_pins_decide()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?>(TwoDevices) { ["Sds:Placement:Enabled"] = "false" });
        await core.Pool.StartAsync(CancellationToken.None);
        var big = await core.SubmitAsync(steps: 2, model: "flux-dev", size: 768);

        Assert.Equal(["w0"], core.Placement.Candidates(big.Job).Select(s => s.WorkerId));
        Assert.Null(core.Placement.Refusal("sdxl-base", 5 * GiB));
        Assert.Null(core.Placement.Refusal("flux-dev", 5 * GiB));
    }

    [Fact]
    public async Task A_model_load_through_the_api_keeps_to_the_pins()
    {
        await using var core = new CoreHarness(settings: TwoDevices);
        await core.Pool.StartAsync(CancellationToken.None);
        foreach (var slot in core.Pool.Slots)
            await core.WaitForAsync(slot, s => s.IsIdle, $"{slot.WorkerId} idle");
        var operations = core.ModelOperations;

        var refused = await operations.LoadAsync(new SdSupervised.Contracts.ModelLoadSpec { ModelId = "sdxl-base" }, "w0", CancellationToken.None);
        Assert.Equal(SdSupervised.Supervisor.Models.ModelOperationStatus.NotAllowed, refused.Status);
        var anywhere = await operations.LoadAsync(new SdSupervised.Contracts.ModelLoadSpec { ModelId = "flux-dev" }, null, CancellationToken.None);
        Assert.Equal((SdSupervised.Supervisor.Models.ModelOperationStatus.Loaded, "w0"), (anywhere.Status, anywhere.WorkerId));
    }

    [Fact]
    public async Task An_out_of_memory_job_is_retried_only_on_a_larger_device_and_fails_when_there_is_none()
    {
        await using var core = new CoreHarness(settings: new Dictionary<string, string?>
        {
            ["Sds:Workers"] = "2",
            ["Sds:Resilience:OutOfMemoryRetries"] = "0",
            ["Sds:Slots:w0:SimulatedDeviceMemoryBytes"] = (1 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sds:Slots:w1:SimulatedDeviceMemoryBytes"] = (4 * GiB).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await core.Pool.StartAsync(CancellationToken.None);
        var active = await core.SubmitAsync(steps: 2, model: "sdxl-base");
        var oom = new WorkerFailure(FailureKind.CudaOutOfMemory, "CUDA error: out of memory");

        var onSmall = active.Job with { Attempts = 1, Failures = [new JobFailure(FailureKind.CudaOutOfMemory, oom.Message, "w0", core.Time.GetUtcNow())] };
        Assert.True(core.Requeue.Decide(onSmall, oom).Requeue);
        Assert.Equal(["w1"], core.Placement.Candidates(onSmall).Select(s => s.WorkerId));

        var onBoth = onSmall with { Attempts = 2, Failures = onSmall.Failures.Add(new JobFailure(FailureKind.CudaOutOfMemory, oom.Message, "w1", core.Time.GetUtcNow())) };
        var decision = core.Requeue.Decide(onBoth, oom);
        Assert.False(decision.Requeue);
        Assert.Equal(FailureKind.CudaOutOfMemory, decision.Error!.Kind);
    }
}
