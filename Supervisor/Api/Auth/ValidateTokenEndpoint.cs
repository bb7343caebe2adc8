using FastEndpoints;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed record ValidateTokenResponse(bool Valid, string Username, string Role, DateTimeOffset? ExpiresAt);

/// <summary><c>GET /api/auth/validate</c>: 200 while the credential is good, else the 401 that says why.</summary>
public sealed class ValidateTokenEndpoint : EndpointWithoutRequest<ValidateTokenResponse>
{
    public override void Configure()
    {
        Get("/auth/validate");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Check the credential of this request");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var p = HttpContext.Principal()!;
        return Send.OkAsync(new ValidateTokenResponse(true, p.Name, p.Role, p.ExpiresAt), ct);
    }
}
