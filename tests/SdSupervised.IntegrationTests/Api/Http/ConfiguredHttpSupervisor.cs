using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>One supervisor for the HTTP settings tests: a CORS origin and a 4 KiB body limit, set through SDS__ variables.</summary>
public sealed class ConfiguredHttpSupervisor : IAsyncLifetime
{
    public const string Origin = "http://ui.example:3000";
    public const int MaxRequestBodyBytes = 4096;

    public SupervisorProcess Supervisor { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 10 }
            .WithEnv("SDS__Http__CorsOrigins__0", Origin)
            .WithEnv("SDS__Limits__MaxRequestBodyBytes", MaxRequestBodyBytes));

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
