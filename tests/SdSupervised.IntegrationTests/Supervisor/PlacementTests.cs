using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>Placement on two simulated devices of different sizes, and model pinning, with real processes.</summary>
public sealed class PlacementTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    private static SupervisorOptions TwoDevices(long smallMiB, long largeMiB) => new SupervisorOptions { Workers = 2 }
        .WithEnv("SDS__Slots__w0__SimulatedDeviceMemoryBytes", smallMiB * MiB)
        .WithEnv("SDS__Slots__w1__SimulatedDeviceMemoryBytes", largeMiB * MiB);

    [Fact]
    public async Task A_job_too_big_for_every_device_gets_a_422_naming_the_largest_device_and_its_need()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, TwoDevices(1024, 2048));

        // 1024x1024 needs about 2560 MiB of working memory for the decode.
        var refused = await sup.Api.SubmitRawAsync(new Text2ImgRequest { Width = 1024, Height = 1024, Steps = 2 });
        sup.Expect(refused.Code == 422 && refused.Json.Str("error") == "too_large_for_devices" && refused.Json.Int("status") == 422,
            $"a job larger than every device should be a 422 too_large_for_devices\n{refused}");
        var message = refused.Json.Str("message") ?? "";
        sup.Expect(message.Contains("needs about 2560 MiB", StringComparison.Ordinal) && message.Contains("is w1 with 2048 MiB", StringComparison.Ordinal),
            $"the message should say what the job needs and which device is largest\n{refused}");

        var fits = await sup.Api.SubmitAsync(new Text2ImgRequest { Width = 768, Height = 768, Steps = 2 });
        var job = await sup.Api.WaitForCompletedAsync(fits, Timeouts.Job);
        sup.Expect(job.WorkerId == "w1", "a 768x768 job (about 1440 MiB) fits only w1's 2 GiB device", job);
    }

    [Fact]
    public async Task Pinned_models_run_only_on_their_slots_and_a_model_no_slot_may_load_is_refused()
    {
        var dataDir = Directory.CreateTempSubdirectory("sds-pin-").FullName;
        try
        {
            foreach (var name in new[] { "alpha", "beta", "gamma" })
            {
                var path = Path.Combine(dataDir, "models", "checkpoints", $"{name}.safetensors");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                HeaderOnlyModels.Write(path, HeaderOnlyModels.Sd15());
            }
            var options = new SupervisorOptions { Workers = 2, DataDir = dataDir }
                .WithEnv("SDS__Slots__w0__Models__0", "alpha")
                .WithEnv("SDS__Slots__w1__Exclude__0", "alpha")
                .WithEnv("SDS__Slots__w1__Exclude__1", "gam*");
            await using var sup = await SupervisorProcess.StartAsync(output, options);

            for (var round = 0; round < 2; round++)
            {
                var beta = await sup.Api.SubmitAsync(new Text2ImgRequest { Model = "beta", Steps = 2, Seed = round });
                var alpha = await sup.Api.SubmitAsync(new Text2ImgRequest { Model = "alpha", Steps = 2, Seed = round });
                var (a, b) = (await sup.Api.WaitForCompletedAsync(alpha, Timeouts.Job), await sup.Api.WaitForCompletedAsync(beta, Timeouts.Job));
                sup.Expect(a.WorkerId == "w0", "alpha is pinned to w0", a);
                sup.Expect(b.WorkerId == "w1", "beta is not allowed on w0 (only alpha is), so it runs on w1", b);
            }

            var gamma = await sup.Api.SubmitRawAsync(new Text2ImgRequest { Model = "gamma", Steps = 2 });
            sup.Expect(gamma.Code == 422 && gamma.Json.Str("error") == "no_worker_for_model" && (gamma.Json.Str("message") ?? "").Contains("gamma", StringComparison.Ordinal),
                $"gamma is allowed on no slot: a 422 no_worker_for_model naming it\n{gamma}");
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task An_out_of_memory_crash_on_the_small_device_retries_the_job_on_the_larger_one()
    {
        // No OOM retries of the usual kind: only the larger device can give the job a second attempt.
        await using var sup = await SupervisorProcess.StartAsync(output, TwoDevices(1024, 4096).WithResilience("OutOfMemoryRetries", 0));

        // Occupy w1 first with a job only it can hold, so the next one starts on the small device.
        var big = await sup.Api.SubmitAsync(new Text2ImgRequest { Width = 768, Height = 768, Steps = 40 });
        await sup.Api.WaitForWorkerRunningAsync(big, Timeouts.Soon);
        // A batch of two at 512x512 fits the estimate on both devices (one image's decode), but the whole batch does not fit 1 GiB.
        var batch = await sup.Api.SubmitAsync(new Text2ImgRequest { Width = 512, Height = 512, BatchCount = 2, Steps = 2 });

        var job = await sup.Api.WaitForCompletedAsync(batch, Timeouts.Job);
        sup.Expect(job.Attempts == 2 && job.WorkerId == "w1", "the job should complete on w1 at its second attempt", job);
        sup.Expect(job.Failures.Count == 1 && job.Failures[0].Kind == "cuda_out_of_memory" && job.Failures[0].WorkerId == "w0",
            "its one failure is the out-of-memory crash on w0", job);
        var status = await sup.Api.WaitForStatusAsync(s => s.Worker("w0")?.State == "idle", Timeouts.Soon, "w0 restarted");
        sup.Expect(status.Worker("w0")!.LastFailureKind == "cuda_out_of_memory", $"w0's last failure is the OOM\n{status}");
        await sup.Api.WaitForCompletedAsync(big, Timeouts.Job);
    }
}
