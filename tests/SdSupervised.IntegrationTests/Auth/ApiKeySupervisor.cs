using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// One supervisor under <c>--auth api-key</c> for a test class, with keys made by the <c>keys create</c> subcommand while
/// it runs: an admin, and two users (alice, bob). Tests that revoke or expire keys make their own. Steps take 100 ms, so a
/// 150-step job stays running long enough to be cancelled.
/// </summary>
public sealed class ApiKeySupervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;
    public string AdminKey { get; private set; } = null!;
    public string AliceKey { get; private set; } = null!;
    public string BobKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 100, ExtraArgs = ["--auth", "api-key"] });
        AdminKey = await SupervisorCli.CreateKeyAsync(Supervisor.DataDir, "root", "admin");
        AliceKey = await SupervisorCli.CreateKeyAsync(Supervisor.DataDir, "alice", "user");
        BobKey = await SupervisorCli.CreateKeyAsync(Supervisor.DataDir, "bob", "user");
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
