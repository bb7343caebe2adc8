namespace SdSupervised.Supervisor.Auth;

/// <summary>
/// The authorization policies endpoints declare. A group's default is <see cref="User"/>; an endpoint adds
/// <see cref="Admin"/> (FastEndpoints requires every listed policy, so the two together mean admin) or is public.
/// </summary>
public static class AuthPolicies
{
    /// <summary>Any principal: admin, user, or (under <c>--auth optional</c>) a guest.</summary>
    public const string User = "sds-user";
    public const string Admin = "sds-admin";
}
