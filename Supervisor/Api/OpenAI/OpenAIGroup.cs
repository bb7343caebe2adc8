using FastEndpoints;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Api.OpenAI;

/// <summary>The OpenAI family, <c>/v1</c>: prefix and default policy (any principal; OpenAI clients send their key as Bearer).</summary>
public sealed class OpenAIGroup : Group
{
    public const string Prefix = "/v1";

    public OpenAIGroup() => Configure(Prefix, ep => ep.Policies(AuthPolicies.User));
}
