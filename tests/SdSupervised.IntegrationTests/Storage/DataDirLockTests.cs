using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Storage;

/// <summary>One supervisor per data dir: a second one, on the same or another port, exits at once without touching the store.</summary>
public sealed class DataDirLockTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Second_supervisor_on_the_same_data_dir_exits_naming_the_holder_and_the_first_ones_running_job_completes_once()
    {
        await using var first = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 40 });
        var jobId = await first.Api.SubmitAsync(new Text2ImgRequest { Steps = 60, Seed = 7 });
        await first.Api.WaitForRunningAsync(jobId, minStep: 2, Timeouts.Soon);

        // The other port, then the first one's own port: the lock decides before the port is tried.
        foreach (var port in new[] { FreePort.Pick(), first.Port })
        {
            var (exitCode, second) = await SupervisorProcess.RunToExitAsync(output, new SupervisorOptions { Workers = 1, DataDir = first.DataDir, Port = port }, Timeouts.Soon);
            await using (second)
            {
                var refusal = second.Log.Snapshot().Where(l => l.Contains("holds the data dir", StringComparison.Ordinal)).ToList();
                first.Expect(exitCode == 1, $"the second supervisor (port {port}) should exit with code 1, exited {exitCode}\n{second.Log.Tail()}");
                first.Expect(refusal.Count == 1 && refusal[0].Contains($"pid {first.Pid}", StringComparison.Ordinal) && refusal[0].Contains(first.DataDir, StringComparison.Ordinal),
                    $"the second supervisor should say once which pid holds which data dir (pid {first.Pid}, {first.DataDir})\n{second.Log.Tail()}");
                first.Expect(!second.Log.Contains("Requeued") && !second.Log.Contains("Job store") && !second.Log.Contains("Worker w0 started"),
                    $"the second supervisor must not open the store or start workers\n{second.Log.Tail()}");
            }
        }

        var job = await first.Api.WaitForCompletedAsync(jobId, Timeouts.Job);
        first.Expect(job.Attempts == 1 && job.Failures.Count == 0, "the first supervisor's job should run once, never requeued", job);
        first.Expect(!first.Log.Contains("Requeued"), "nothing may be requeued in the first supervisor");
    }
}
