using FastEndpoints;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>The AUTOMATIC1111 family, <c>/sdapi/v1</c>: prefix and default policy (any principal; A1111 clients send Basic).</summary>
public sealed class A1111Group : Group
{
    public const string Prefix = "/sdapi/v1";

    public A1111Group() => Configure(Prefix, ep => ep.Policies(AuthPolicies.User));
}
