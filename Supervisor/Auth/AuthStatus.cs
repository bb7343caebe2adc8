using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Auth.System;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth;

/// <summary>The method in force and, for unix/pam, whether the system can check passwords here (for <c>/api/status</c>).</summary>
public sealed class AuthStatus(IOptions<SupervisorOptions> options, IServiceProvider services)
{
    public AuthMethod Method { get; } = options.Value.Auth.ResolvedMethod;

    public string? Unavailable => Method is AuthMethod.Unix or AuthMethod.Pam
        ? services.GetService<ISystemPasswordVerifier>()?.Unavailable ?? "no system password verifier is registered"
        : null;
}
