using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.A1111;

public sealed class A1111InterruptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Progress_follows_a_slow_job_and_interrupt_stops_it_and_answers_the_waiting_call()
    {
        // 150 steps at 200 ms: half a minute if nothing stops it.
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 200 });

        var idle = await sup.Api.GetAsync("/sdapi/v1/progress");
        sup.Expect(idle.Code == 200 && idle.Json.Double("progress") == 0 && idle.Json.Obj("state").Int("job_count") == 0 && idle.Json.Has("current_image"),
            $"an idle server should show progress 0 and no job\n{idle}");

        var call = sup.Api.PostRawAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(steps: 150, width: 64, height: 64));
        var running = await sup.Api.PollAsync(() => sup.Api.GetAsync("/sdapi/v1/progress"),
            p => p.Json.Obj("state").Int("sampling_step") >= 2, Timeouts.Soon, "/sdapi/v1/progress to show sampling step >= 2");
        var state = running.Json.Obj("state");
        var fraction = running.Json.Double("progress") ?? -1;
        var step = state.Int("sampling_step") ?? 0;
        sup.Expect(state.Int("sampling_steps") == 150 && fraction > 0 && fraction < 1 && Math.Abs(fraction - step / 150.0) < 0.05
                   && state.Int("job_count") == 1 && !string.IsNullOrEmpty(state.Str("job")) && running.Json.Str("textinfo") is not null,
            $"progress should be the running job's step fraction ({step}/150)\n{running}");
        var jobId = state.Str("job")!;

        var interrupt = await sup.Api.SendAsync(HttpMethod.Post, "/sdapi/v1/interrupt");
        sup.Expect(interrupt.Code == 200 && interrupt.Json.Arr("interrupted")?.Any(j => j?.GetValue<string>() == jobId) == true,
            $"interrupt should answer 200 naming the job it stopped\n{interrupt}");

        // The waiting txt2img call answers once the job has stopped, long before its 30 s of steps.
        var answer = await call.WaitAsync(Timeouts.Soon);
        var info = Json.TryParse(answer.Json.Str("info"));
        sup.Expect(answer.Code == 200 && answer.Json.Arr("images")?.Count == 0 && info?["interrupted"]?.GetValue<bool>() == true && info.Str("job_id") == jobId,
            $"the interrupted txt2img call should answer 200 with no images and info.interrupted\n{answer}");
        var job = await sup.Api.GetJobAsync(jobId);
        sup.Expect(job.Status == "cancelled", $"the interrupted job should end cancelled", job);

        var after = await sup.Api.GetAsync("/sdapi/v1/progress");
        sup.Expect(after.Json.Double("progress") == 0 && after.Json.Obj("state").Str("job") == "", $"after the interrupt nothing runs\n{after}");

        var skipIdle = await sup.Api.SendAsync(HttpMethod.Post, "/sdapi/v1/skip");
        sup.Expect(skipIdle.Code == 200 && skipIdle.Json.Arr("interrupted")?.Count == 0, $"skip with nothing running is a no-op 200\n{skipIdle}");
    }
}
