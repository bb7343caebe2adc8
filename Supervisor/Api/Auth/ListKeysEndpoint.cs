using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Keys;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed record ListKeysResponse(IReadOnlyList<ApiKeyInfo> Keys);

/// <summary><c>GET /api/auth/keys</c>: every key, revoked and expired ones too, without secrets.</summary>
public sealed class ListKeysEndpoint(ApiKeyService keys) : EndpointWithoutRequest<ListKeysResponse>
{
    public override void Configure()
    {
        Get("/auth/keys");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "List API keys");
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(new ListKeysResponse(await keys.ListAsync(ct)), ct);
}
