using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>A queued job's input images are files beside it: they survive a restart, and losing one fails the job cleanly.</summary>
public sealed class InputImageStoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_queued_img2img_survives_a_supervisor_kill_and_a_lost_input_fails_its_job_cleanly()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 100 });
        var blocker = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 40 });
        await sup.Api.WaitForRunningAsync(blocker, 1, Timeouts.Job);
        var init = TestImages.Base64(TestImages.Gradient(64, 64));
        var kept = (await sup.Api.PostAsync("/api/generate/img2img", new { prompt = "kept", width = 64, height = 64, steps = 2, strength = 0.0, init_image = init })).Json.Str("job_id")!;
        var lost = (await sup.Api.PostAsync("/api/generate/img2img", new { prompt = "lost", width = 64, height = 64, steps = 2, init_image = init })).Json.Str("job_id")!;

        await sup.KillAsync();
        File.Delete(Path.Combine(sup.DataDir, "inputs", lost, "init.png"));
        await sup.RestartAsync();

        var done = await sup.Api.WaitForCompletedAsync(kept, Timeouts.Job);
        var image = TestImages.Decode((await sup.Api.DownloadAsync(done.Outputs[0].Url!)).Body);
        using var original = TestImages.Decode(TestImages.Gradient(64, 64));
        sup.Expect(image.GetPixel(10, 20) == original.GetPixel(10, 20), "the img2img queued before the kill should run with its stored init image", done);

        var failed = await sup.Api.WaitForTerminalAsync(lost, Timeouts.Job);
        sup.Expect(failed.Status == "failed" && failed.ErrorKind == "generation_failed" && failed.ErrorMessage!.Contains("init.png", StringComparison.Ordinal),
            "a job whose input file is gone should fail naming it, not crash or retry", failed);
        var status = await sup.Api.GetStatusAsync();
        sup.Expect(status.Workers.All(w => w.State is "idle" or "busy"), "the worker should be fine after a job with a missing input");
    }
}
