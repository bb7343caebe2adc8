using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Keys;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class RevokeKeyRequest
{
    public string Id { get; set; } = "";
}

public sealed record RevokeKeyResponse(string Id, bool Revoked);

/// <summary><c>DELETE /api/auth/keys/{id}</c>: the key is refused from the next request on (the row stays, for the audit).</summary>
public sealed class RevokeKeyEndpoint(ApiKeyService keys) : Endpoint<RevokeKeyRequest, RevokeKeyResponse>
{
    public override void Configure()
    {
        Delete("/auth/keys/{id}");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Revoke an API key");
    }

    public override async Task HandleAsync(RevokeKeyRequest req, CancellationToken ct)
    {
        if (!await keys.RevokeAsync(req.Id, HttpContext.Principal()?.Name, ct))
        {
            await Send.ResultAsync(ApiResults.NotFound($"no active API key '{req.Id}'"));
            return;
        }
        await Send.OkAsync(new RevokeKeyResponse(req.Id, true), ct);
    }
}
