using FastEndpoints;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Api;

/// <summary>
/// The seed API family, <c>/api</c>: its prefix and default policy, any principal (admin, user, or a guest under
/// <c>--auth optional</c>). An endpoint narrows it with <c>Policies(AuthPolicies.Admin)</c> or opens it with
/// <c>AllowAnonymous()</c>, in its own <c>Configure()</c>, after <c>Group&lt;ApiGroup&gt;()</c>.
/// </summary>
public sealed class ApiGroup : Group
{
    public const string Prefix = "/api";

    public ApiGroup() => Configure(Prefix, ep => ep.Policies(AuthPolicies.User));
}
