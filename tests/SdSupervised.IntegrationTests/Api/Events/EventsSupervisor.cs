using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Events;

/// <summary>One supervisor for the event stream tests (they run one after another), with a 1 s heartbeat so the
/// keep-alive comment is seen without waiting the default 15 s.</summary>
public sealed class EventsSupervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 20 }.WithEnv("SDS__Events__HeartbeatSeconds", 1));

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
