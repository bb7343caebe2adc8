using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Video;

/// <summary>Without ffmpeg a video request is a clear 422 <c>video_encoder_missing</c>, and <c>/api/system</c> says why.</summary>
public sealed class VideoEncoderMissingTests
{
    [Fact]
    public async Task A_video_without_ffmpeg_is_refused_with_video_encoder_missing_and_system_says_so()
    {
        var fixture = new VideoSupervisor();
        await fixture.StartAsync(new SupervisorOptions { Workers = 1 }.WithEnv("SDS__Video__Ffmpeg", "/nonexistent/ffmpeg"));
        try
        {
            var sup = fixture.Supervisor;
            var r = await sup.Api.PostAsync("/api/generate/video", new { prompt = "x", model = VideoSupervisor.T2V, width = 64, height = 64, video_frames = 5 });
            var system = await sup.Api.GetAsync("/api/system");

            sup.Expect(r.Code == 422 && r.Json.Str("error") == "video_encoder_missing" && (r.Json.Str("message") ?? "").Contains("ffmpeg"),
                $"a video without ffmpeg should be a 422 video_encoder_missing\n{r}");
            sup.Expect(system.Code == 200 && system.Json.Obj("video") is { } video && video["available"]?.GetValue<bool>() == false,
                $"/api/system should say the video encoder is not available\n{system}");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
