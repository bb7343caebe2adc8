namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// One supervisor for a whole test class whose tests only read or reject (bad input): starting one per
/// case would cost more than the cases. Its log is quoted in failure messages instead of the test output.
/// </summary>
public sealed class SharedSupervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;

    /// <summary>A completed job, so output routes can be probed under a real job id.</summary>
    public string CompletedJobId { get; private set; } = null!;
    public string CompletedFilename { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 10 });
        CompletedJobId = await Supervisor.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = 42 });
        var job = await Supervisor.Api.WaitForCompletedAsync(CompletedJobId, Timeouts.Job);
        CompletedFilename = job.Outputs.FirstOrDefault()?.Filename ?? "00-42.png";
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
