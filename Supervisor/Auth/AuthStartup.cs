using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Auth.Storage;
using SdSupervised.Supervisor.Auth.System;
using SdSupervised.Supervisor.Auth.Users;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth;

/// <summary>
/// At start: opens (and migrates) <c>auth.db</c>, creates <c>Sds:Auth:BootstrapAdmin</c> when no user exists yet, and says
/// in the log which method is in force, and what is wrong with it (no admin to log in as, a system check that cannot work).
/// </summary>
public sealed class AuthStartup(
    IOptions<SupervisorOptions> options, AuthStore store, UserService users, IServiceProvider services, ILogger<AuthStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value.Auth;
        var method = auth.ResolvedMethod;
        await store.InitializeAsync(cancellationToken);
        logger.LogInformation("Authentication: {AuthMethod}", AuthMethods.Name(method));
        if (method == AuthMethod.None && !SupervisorOptionsValidator.IsLoopback(options.Value.Host))
            logger.LogWarning("Authentication is off (--auth none) on {Host}: anyone who can reach the port controls the server", options.Value.Host);

        if (auth.BootstrapAdmin is { Length: > 0 } bootstrap && await users.CountAsync(cancellationToken) == 0)
        {
            var colon = bootstrap.IndexOf(':');
            var (added, problem) = await users.AddAsync(bootstrap[..colon], Roles.Admin, bootstrap[(colon + 1)..], "Sds:Auth:BootstrapAdmin", cancellationToken);
            if (added != UserService.AddOutcome.Added)
                logger.LogError("Sds:Auth:BootstrapAdmin was not created: {Problem}", problem);
        }
        if (method is AuthMethod.Jwt && await users.CountAsync(cancellationToken) == 0)
            logger.LogWarning("No user exists yet: create the first admin with 'sd-supervised users add NAME --role admin' or Sds:Auth:BootstrapAdmin");
        if (method is AuthMethod.Unix or AuthMethod.Pam && services.GetService<ISystemPasswordVerifier>()?.Unavailable is { } unavailable)
            logger.LogError("Authentication {AuthMethod} cannot check passwords here: {Reason}", AuthMethods.Name(method), unavailable);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
