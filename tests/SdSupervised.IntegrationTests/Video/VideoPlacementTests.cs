using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Video;

/// <summary>A video larger than every device is refused at submit with the memory it needs, as an image is, instead of waiting for a slot that can never hold it.</summary>
public sealed class VideoPlacementTests
{
    [Fact]
    public async Task A_video_larger_than_every_device_is_a_422_too_large_for_devices_and_a_small_one_runs()
    {
        var fixture = new VideoSupervisor();
        // 3 GiB: the test's Wan 1.3B weights (~2.1 GB, sparse) with a 320x240 video's one-frame decode (~0.2 GB) fit,
        // with a 1280x720 one's (~2.4 GB) they do not.
        await fixture.StartAsync(new SupervisorOptions { Workers = 1, StepMs = 20 }.WithEnv("SDS__Slots__w0__SimulatedDeviceMemoryBytes", 3L * 1024 * 1024 * 1024));
        try
        {
            var sup = fixture.Supervisor;
            var large = await sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.T2V, width = 1280, height = 720, video_frames = 5 });
            sup.Expect(large.Code == 422 && large.Json.Str("error") == "too_large_for_devices" && (large.Json.Str("message") ?? "").Contains("MiB"),
                $"a video no device can hold should be a 422 too_large_for_devices naming the memory\n{large}");

            var small = await sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.T2V, width = 320, height = 240, video_frames = 5, steps = 4 });
            sup.Expect(small.Code == 202, $"a video that fits should be queued\n{small}");
            var job = await sup.Api.WaitForTerminalAsync(small.Json.Str("job_id")!, Timeouts.Job);
            sup.Expect(job.Status == "completed", "the video that fits should run on the small device", job);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
