using FastEndpoints;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed record ListRoutesResponse(IReadOnlyList<RoutePolicy> Routes);

/// <summary><c>GET /api/auth/routes</c>: every route and who may call it, as the running server enforces it.</summary>
public sealed class ListRoutesEndpoint(RoutePolicies routes) : EndpointWithoutRequest<ListRoutesResponse>
{
    public override void Configure()
    {
        Get("/auth/routes");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Every route with its access policy (public, user, admin)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new ListRoutesResponse(routes.List()), ct);
}
