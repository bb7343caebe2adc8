using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// One supervisor under <c>--auth jwt</c> with the first admin from <c>Sds:Auth:BootstrapAdmin</c>, a lockout after 3
/// failed logins, and a user <c>carol</c> added by the <c>users add</c> subcommand (password on stdin) while it runs.
/// </summary>
public sealed class JwtSupervisor : IAsyncLifetime
{
    public const string AdminPassword = "root-password-1";
    public const string CarolPassword = "carol-password-1";
    public SupervisorProcess Supervisor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 20, ExtraArgs = ["--auth", "jwt"] }
            .WithEnv("SDS__Auth__BootstrapAdmin", "root:" + AdminPassword)
            .WithEnv("SDS__Auth__MaxFailedLogins", 3));
        var added = await SupervisorCli.RunAsync(Supervisor.DataDir, CarolPassword, "users", "add", "carol", "--role", "user");
        Supervisor.Expect(added.ExitCode == 0, $"users add carol\n{added}");
    }

    /// <summary>Logs in; the answer's JSON (access_token, refresh_token, ...).</summary>
    public async Task<ApiResponse> LoginAsync(string username, string password) =>
        await Supervisor.Api.PostAsync("/api/auth/login", new { username, password });

    public async Task<(string Access, string Refresh)> TokensAsync(string username, string password)
    {
        var login = await LoginAsync(username, password);
        Supervisor.Expect(login.Code == 200 && login.Json.Str("access_token") is not null, $"login of {username}\n{login}");
        return (login.Json.Str("access_token")!, login.Json.Str("refresh_token")!);
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
