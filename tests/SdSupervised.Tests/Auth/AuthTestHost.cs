using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Auth.Login;
using SdSupervised.Supervisor.Auth.Storage;
using SdSupervised.Supervisor.Auth.System;
using SdSupervised.Supervisor.Auth.Tokens;
using SdSupervised.Supervisor.Auth.Users;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Auth;

/// <summary>The auth services on a temp data dir and a fake clock, without HTTP; a system verifier may be given.</summary>
public sealed class AuthTestHost : IDisposable
{
    public AuthTestHost(string method = "jwt", ISystemPasswordVerifier? verifier = null)
    {
        DataDir = Path.Combine(Path.GetTempPath(), "sds-auth-unit", Guid.NewGuid().ToString("N"));
        Options = Microsoft.Extensions.Options.Options.Create(new SupervisorOptions
        {
            DataDir = DataDir,
            Auth = new AuthOptions { Method = method, MaxFailedLogins = 3, LockoutMinutes = 10, LoginAttemptsPerMinute = 1000 },
        });
        Store = new AuthStore(DataDir);
        Users = new UserService(Store, Clock, NullLogger<UserService>.Instance);
        Tokens = new TokenService(Store, Options, Clock, NullLogger<TokenService>.Instance);
        Lockout = new LoginLockout(Options, Clock);
        var services = new ServiceCollection();
        if (verifier is not null) services.AddSingleton(verifier);
        Logins = new LoginService(Options, Users, Tokens, Lockout, services.BuildServiceProvider(), NullLogger<LoginService>.Instance);
    }

    public string DataDir { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    public IOptions<SupervisorOptions> Options { get; }
    public AuthStore Store { get; }
    public UserService Users { get; }
    public TokenService Tokens { get; }
    public LoginLockout Lockout { get; }
    public LoginService Logins { get; }

    public void Dispose()
    {
        Lockout.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
