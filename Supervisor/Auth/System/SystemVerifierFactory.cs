using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>The one place <c>--auth unix|pam</c> turns into its <see cref="ISystemPasswordVerifier"/>.</summary>
public static class SystemVerifierFactory
{
    public static ISystemPasswordVerifier? Create(AuthOptions options, TimeProvider time) => options.ResolvedMethod switch
    {
        AuthMethod.Unix => new UnixShadowPasswordVerifier(options.UnixGroup, time),
        AuthMethod.Pam => new PamPasswordVerifier(options.PamService, options.PamGroup, timeProvider: time),
        _ => null,
    };
}
