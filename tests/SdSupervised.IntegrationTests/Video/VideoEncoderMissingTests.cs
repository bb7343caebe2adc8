using SdSupervised.IntegrationTests.Infrastructure;
using SkiaSharp;

namespace SdSupervised.IntegrationTests.Video;

/// <summary>
/// Without ffmpeg a video is an animated GIF (the default fallback) that any browser plays, and <c>/api/system</c> says
/// so; with the fallback off it is a clear 422 <c>video_encoder_missing</c>.
/// </summary>
public sealed class VideoEncoderMissingTests
{
    [Fact]
    public async Task A_video_without_ffmpeg_is_an_animated_gif_with_every_frame_and_system_says_so()
    {
        var fixture = new VideoSupervisor();
        await fixture.StartAsync(new SupervisorOptions { Workers = 1, StepMs = 20 }.WithEnv("SDS__Video__Ffmpeg", "/nonexistent/ffmpeg"));
        try
        {
            var sup = fixture.Supervisor;
            var system = await sup.Api.GetAsync("/api/system");
            sup.Expect(system.Code == 200 && system.Json.Obj("video") is { } video && video["available"]?.GetValue<bool>() == false
                       && video["fallback"]?.ToString() == "gif" && video["formats"]?.ToJsonString() == """["gif"]""",
                $"/api/system should say ffmpeg is missing and videos are GIFs\n{system}");

            var submit = await sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.T2V, width = 80, height = 64, video_frames = 7, fps = 10, steps = 30 });
            sup.Expect(submit.Code == 202 && submit.Json.Str("job_id") is not null, $"a video without ffmpeg should still be queued\n{submit}");
            var job = await sup.Api.WaitForCompletedAsync(submit.Json.Str("job_id")!, Timeouts.Job);

            sup.Expect(job.Outputs.Select(o => o.Filename).SequenceEqual(["video.gif", "video.png"]), "the outputs should be video.gif then its poster video.png", job);
            sup.Expect(job.Node?["outputs"]?[0]?["content_type"]?.ToString() == "image/gif", "video.gif should say image/gif", job);
            var gif = await sup.Api.DownloadAsync(job.Outputs[0].Url!);
            sup.Expect(gif.Code == 200 && gif.ContentType == "image/gif", $"video.gif should download as image/gif\n{gif.Code} {gif.ContentType}", job);
            using var codec = SKCodec.Create(new SKMemoryStream(gif.Body));
            sup.Expect(codec is { EncodedFormat: SKEncodedImageFormat.Gif, FrameCount: 7, Info.Width: 80, Info.Height: 64 },
                $"the GIF should hold all 7 frames at 80x64, read {codec?.EncodedFormat} {codec?.FrameCount} frames {codec?.Info.Width}x{codec?.Info.Height}", job);
            sup.Expect(codec!.FrameInfo.All(f => f.Duration == 100) && codec.RepetitionCount == -1,
                $"every frame should last 100 ms (10 fps) and the GIF loop forever, read {string.Join(",", codec.FrameInfo.Select(f => f.Duration))} ms, repeat {codec.RepetitionCount} (-1 is forever)", job);
            using var first = new SKBitmap(codec.Info);
            using var last = new SKBitmap(codec.Info);
            codec.GetPixels(codec.Info, first.GetPixels(), new SKCodecOptions(0));
            codec.GetPixels(codec.Info, last.GetPixels(), new SKCodecOptions(6));
            sup.Expect(!first.Bytes.SequenceEqual(last.Bytes), "the synthetic video moves, so its first and last GIF frames should differ", job);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_video_without_ffmpeg_and_the_fallback_off_is_refused_with_video_encoder_missing()
    {
        var fixture = new VideoSupervisor();
        await fixture.StartAsync(new SupervisorOptions { Workers = 1 }.WithEnv("SDS__Video__Ffmpeg", "/nonexistent/ffmpeg").WithEnv("SDS__Video__Fallback", "none"));
        try
        {
            var sup = fixture.Supervisor;
            var r = await sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.T2V, width = 64, height = 64, video_frames = 5 });
            var system = await sup.Api.GetAsync("/api/system");

            sup.Expect(r.Code == 422 && r.Json.Str("error") == "video_encoder_missing" && (r.Json.Str("message") ?? "").Contains("ffmpeg"),
                $"a video without ffmpeg should be a 422 video_encoder_missing\n{r}");
            sup.Expect(system.Code == 200 && system.Json.Obj("video") is { } video && video["available"]?.GetValue<bool>() == false && video["fallback"] is null,
                $"/api/system should say the video encoder is not available, with no fallback\n{system}");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
