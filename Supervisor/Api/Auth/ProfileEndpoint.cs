using FastEndpoints;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Api.Auth;

/// <summary><c>GET /api/auth/me</c> (and the seed's <c>/api/v1/auth/profile</c>): the caller's name, role and permissions.</summary>
public sealed class ProfileEndpoint : EndpointWithoutRequest<ProfileResponse>
{
    public override void Configure()
    {
        Get("/auth/me", "/v1/auth/profile");
        Group<ApiGroup>();
        Summary(s => s.Summary = "The caller's name, role, method and permissions");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var p = HttpContext.Principal()!;
        return Send.OkAsync(new ProfileResponse(p.Name, p.Role, p.Method, p.Via, p.Permissions(), p.ExpiresAt), ct);
    }
}
