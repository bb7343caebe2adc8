namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// Checks a local or directory account's password through the operating system: the shadow database with crypt(3)
/// (<c>--auth unix</c>) or a PAM service (<c>--auth pam</c>). Implementations never throw for a wrong password or an
/// unknown user; they answer <see cref="SystemLoginResult.Failed"/>, so callers give one generic answer.
/// </summary>
public interface ISystemPasswordVerifier
{
    /// <summary>The method name as configured (<c>unix</c> or <c>pam</c>).</summary>
    string Method { get; }

    /// <summary>Null when this verifier can work here, otherwise what is missing and what to do (for the log and <c>/api/status</c>).</summary>
    string? Unavailable { get; }

    Task<SystemLoginResult> VerifyAsync(string username, string password, CancellationToken cancellationToken);
}
