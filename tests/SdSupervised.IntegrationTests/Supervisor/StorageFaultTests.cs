using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>
/// Writing outputs is the supervisor's own I/O. On a real small tmpfs mounted over the outputs folder, a full or
/// read-only disk must fail the job honestly and boundedly, never be taken for a worker failure.
/// </summary>
public sealed class StorageFaultTests(ITestOutputHelper output)
{
    private static SupervisorOptions Options() => new SupervisorOptions { Workers = 1, StepMs = 5 }
        // The free-space guard would refuse these submits up front; here the disk fills under a job that was accepted.
        .WithEnv("SDS__Storage__MinFreeBytes", 0)
        .WithResilience("MaxAttempts", 3);

    [TmpfsFact]
    public async Task Full_disk_while_saving_fails_the_job_as_storage_error_without_killing_the_worker_and_the_next_job_completes()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, Options());
        using var disk = TmpfsMount.Create(1024 * 1024, at: Path.Combine(sup.DataDir, "outputs"));
        var mount = disk.Path;
        // Leave about 96 KiB: a 64x64 PNG fits, a 1024x1024 one does not.
        File.WriteAllBytes(Path.Combine(mount, ".filler"), new byte[(1024 - 96) * 1024]);
        var before = (await sup.Api.GetStatusAsync()).Worker("w0")!;

        var big = await sup.Api.SubmitAsync(new Text2ImgRequest { Width = 1024, Height = 1024, Steps = 2, Seed = 7 });
        var small = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 8 });

        var failed = await sup.Api.WaitForTerminalAsync(big, Timeouts.Job);
        sup.Expect(failed.Status == "failed" && failed.ErrorKind == "storage_error", "the job whose outputs do not fit fails as storage_error", failed);
        sup.Expect(failed.ErrorMessage?.Contains($"no space left on device writing outputs/{big}/00-", StringComparison.Ordinal) == true,
            "the error names the reason and the file", failed);
        sup.Expect(failed.Attempts is >= 1 and <= 3, "at most MaxAttempts attempts", failed);
        sup.Expect(failed.Failures.All(f => f.Kind == "storage_error"), "every attempt failed on storage, none on the worker", failed);
        sup.Expect(!Directory.Exists(Path.Combine(mount, big)) || Directory.GetFiles(Path.Combine(mount, big), "*", SearchOption.AllDirectories).Length == 0,
            "no partial output is left behind", failed);

        var done = await sup.Api.WaitForCompletedAsync(small, Timeouts.Job);
        sup.Expect(done.Failures.Count == 0, "the next job completes at once", done);
        var after = (await sup.Api.GetStatusAsync()).Worker("w0")!;
        sup.Expect(after.Pid == before.Pid && after.Restarts == before.Restarts,
            $"the worker is never killed for our disk (pid {before.Pid} -> {after.Pid}, restarts {before.Restarts} -> {after.Restarts})");
        sup.Expect(sup.Log.Contains("No space left on device") || sup.Log.Contains("no space left on device"), "the reason reaches the log");
        sup.Expect(!sup.Log.Contains("Killing worker"), "no worker was killed");
    }

    [TmpfsFact]
    public async Task Read_only_outputs_fail_the_job_after_its_attempts_instead_of_retrying_forever()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, Options());
        using var disk = TmpfsMount.Create(4 * 1024 * 1024, at: Path.Combine(sup.DataDir, "outputs"));
        disk.RemountReadOnly();

        var id = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 1 });
        var job = await sup.Api.WaitForTerminalAsync(id, Timeouts.Job);
        sup.Expect(job.Status == "failed" && job.ErrorKind == "storage_error", "a read-only outputs folder fails the job as storage_error", job);
        sup.Expect(job.Attempts == 3 && job.Failures.Count == 3, "exactly MaxAttempts attempts, each charged", job);
        sup.Expect(job.ErrorMessage?.Contains("read-only file system", StringComparison.Ordinal) == true, "the reason is named", job);

        // Writable again: the next job completes on the same worker.
        disk.RemountReadOnly(readOnly: false);
        var next = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 2 });
        await sup.Api.WaitForCompletedAsync(next, Timeouts.Job);
        var status = (await sup.Api.GetStatusAsync()).Worker("w0")!;
        sup.Expect(status.Restarts == 0, $"the worker never restarted\n{status}");
    }
}
