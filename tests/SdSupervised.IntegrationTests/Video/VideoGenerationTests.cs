using SdSupervised.IntegrationTests.Api.Generate;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Packaging;

namespace SdSupervised.IntegrationTests.Video;

/// <summary><c>POST /api/generate/video</c> end to end on the synthetic engine: submit, progress, the MP4 ffprobe reads, range requests, cancel, a crash, bad inputs.</summary>
public sealed class VideoGenerationTests(VideoSupervisor fixture) : IClassFixture<VideoSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    private async Task<string> SubmitAsync(object body)
    {
        var submit = await Sup.Api.PostAsync("/api/generate/video", body);
        Sup.Expect(submit.Code == 202 && submit.Json.Str("job_id") is not null, $"the video should be queued (202 with job_id)\n{submit}");
        return submit.Json.Str("job_id")!;
    }

    [RequiresToolsFact("ffprobe", "Debian: apt-get install ffmpeg")]
    public async Task Text_to_video_makes_an_h264_mp4_with_every_frame_and_a_poster()
    {
        var id = await SubmitAsync(new { prompt = "a lighthouse at dusk", model = VideoSupervisor.T2V, width = 64, height = 64, video_frames = 9, fps = 8, steps = 40, seed = 3 });

        var running = await Sup.Api.WaitForRunningAsync(id, 1, Timeouts.Job);
        var job = await Sup.Api.WaitForCompletedAsync(id, Timeouts.Job);

        Sup.Expect(running.Steps == 40, $"progress should count the video's sampling steps (40), got {running.Steps}", running);
        Sup.Expect(job.Type == "video" && job.Params.Int("video_frames") == 9 && job.Params.Str("model") is not null, "the job should be stored as a video with its parameters", job);
        Sup.Expect(job.Outputs.Select(o => o.Filename).SequenceEqual(["video.mp4", "video.png"]), "the outputs should be video.mp4 then its poster video.png", job);
        Sup.Expect(job.Node?["outputs"]?[0]?["content_type"]?.ToString() == "video/mp4" && job.Node?["outputs"]?[1]?["content_type"]?.ToString() == "image/png",
            "the outputs should say their content types (video/mp4, image/png)", job);
        var mp4 = await Sup.Api.DownloadAsync(job.Outputs[0].Url!);
        Sup.Expect(mp4.Code == 200 && mp4.ContentType == "video/mp4", $"video.mp4 should download as video/mp4\n{mp4.Code} {mp4.ContentType}", job);
        var path = Path.Combine(Path.GetTempPath(), $"sds-video-{id}.mp4");
        await File.WriteAllBytesAsync(path, mp4.Body);
        try
        {
            var probe = await Ffprobe.ReadAsync(path);
            Sup.Expect(probe == new Ffprobe("h264", "yuv420p", 64, 64, 9, "8/1"), $"ffprobe should read h264 yuv420p 64x64, 9 frames at 8 fps, read {probe}", job);
        }
        finally
        {
            File.Delete(path);
        }
        var poster = await Sup.Api.DownloadAsync(job.Outputs[1].Url!);
        Sup.Expect(poster.Code == 200 && PngText.IsPng(poster.Body), "video.png should be a PNG", job);

        var range = await Sup.Api.SendAsync(HttpMethod.Get, job.Outputs[0].Url!, headers: ("Range", "bytes=0-99"));
        Sup.Expect(range.Code == 206 && range.Body.Length == 100 && range.Body.SequenceEqual(mp4.Body.Take(100)),
            $"a range request should answer 206 with those 100 bytes, got {range.Code} with {range.Body.Length} bytes", job);
    }

    [RequiresToolsFact("ffprobe", "Debian: apt-get install ffmpeg")]
    public async Task A_wan22_pair_loads_its_high_noise_partner_and_counts_the_steps_of_both()
    {
        var id = await SubmitAsync(new { prompt = "a fox", model = VideoSupervisor.Wan22Low, width = 64, height = 64, video_frames = 5, steps = 40, high_noise_steps = 30, high_noise_cfg_scale = 3.5 });

        var running = await Sup.Api.WaitForRunningAsync(id, 1, Timeouts.Job);
        var job = await Sup.Api.WaitForCompletedAsync(id, Timeouts.Job);

        Sup.Expect(job.Params.Str("high_noise_model") is { } high && high.Contains(VideoSupervisor.Wan22High),
            "the catalog's high-noise partner should be stored with the job", job);
        Sup.Expect(running.Steps == 70, $"progress should count both models' steps (40 + 30), got {running.Steps}", running);
    }

    [Fact]
    public async Task A_wan22_model_with_a_missing_high_noise_model_is_a_422_naming_it()
    {
        var r = await Sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.Wan22Low, high_noise_model = "no_such_high_noise", width = 64, height = 64 });

        Sup.Expect(r.Code == 422 && (r.Json.Str("message") ?? "").Contains("no_such_high_noise") && (r.Json.Str("message") ?? "").Contains("high_noise_model"),
            $"a Wan 2.2 model whose named high-noise partner is not there should be a 422 naming it\n{r}");
    }

    [Fact]
    public async Task A_cancelled_video_ends_cancelled()
    {
        var id = await SubmitAsync(new { prompt = "slow", model = VideoSupervisor.T2V, width = 64, height = 64, video_frames = 5, steps = 100 });
        await Sup.Api.WaitForRunningAsync(id, 2, Timeouts.Job);

        var cancel = await Sup.Api.CancelAsync(id);
        var job = await Sup.Api.WaitForTerminalAsync(id, Timeouts.Job);

        Sup.Expect(cancel.Code is 200 or 202, $"cancel should be accepted\n{cancel}", job);
        Sup.Expect(job.Status == "cancelled", "the video job should end cancelled", job);
    }

    [RequiresToolsFact("ffprobe", "Debian: apt-get install ffmpeg")]
    public async Task A_worker_killed_mid_video_finishes_it_on_the_second_attempt()
    {
        var id = await SubmitAsync(new { prompt = "crash", model = VideoSupervisor.T2V, width = 64, height = 64, video_frames = 5, steps = 60, seed = 9 });
        await Sup.Api.WaitForRunningAsync(id, 2, Timeouts.Job);
        var worker = await Sup.Api.WaitForWorkerRunningAsync(id, Timeouts.Job);

        Sup.Expect(Posix.Kill(worker.Pid!.Value, Posix.SIGKILL), $"could not SIGKILL worker pid {worker.Pid}");
        var job = await Sup.Api.WaitForCompletedAsync(id, Timeouts.Job);

        Sup.Expect(job.Attempts == 2 && job.Failures.Count == 1, "the video should complete on attempt 2 after one failure", job);
        Sup.Expect(job.Outputs.Any(o => o.Filename == "video.mp4"), "the second attempt should write video.mp4", job);
    }

    [Fact]
    public async Task An_image_model_is_a_422_naming_the_model()
    {
        var r = await Sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.Image, width = 64, height = 64 });

        Sup.Expect(r.Code == 422 && r.Json.Str("error") == "video_model_unusable" && (r.Json.Str("message") ?? "").Contains("not a video model"),
            $"an SD 1.5 checkpoint should be refused as not a video model (422)\n{r}");
    }

    [Fact]
    public async Task Image_to_video_without_an_image_or_clip_vision_is_a_422_by_field()
    {
        var r = await Sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.I2V, width = 64, height = 64 });

        var message = r.Json.Str("message") ?? "";
        Sup.Expect(r.Code == 422 && message.Contains("init_image") && message.Contains("clip_vision"),
            $"I2V without init_image and without a CLIP vision encoder should be a 422 naming both\n{r}");
    }

    [Theory]
    [InlineData("video_frames", 0)]
    [InlineData("video_frames", 100000)]
    [InlineData("fps", 0)]
    [InlineData("width", 70)]
    public async Task Out_of_range_numbers_are_a_400_naming_the_field(string field, int value)
    {
        var body = new Dictionary<string, object> { ["prompt"] = "x", ["model"] = VideoSupervisor.T2V, ["width"] = 64, ["height"] = 64 };
        body[field] = value;

        var r = await Sup.Api.PostAsync("/api/generate/video", body);

        Sup.Expect(r.Code == 400 && r.Json.Str("error") == "validation_failed" && (r.Json.Str("message") ?? "").Contains(field),
            $"{field} = {value} should be a 400 naming {field}\n{r}");
    }

    [Fact]
    public async Task Parameters_list_the_video_mode()
    {
        var r = await Sup.Api.GetAsync("/api/parameters");

        Sup.Expect(r.Code == 200 && r.Text.Contains("\"video_frames\"") && r.Text.Contains("\"video\""), $"/api/parameters should describe video_frames in mode video\n{r}");
    }
}
