using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Users;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed record ListUsersResponse(IReadOnlyList<UserInfo> Users);

/// <summary><c>GET /api/auth/users</c>: the password users (<c>--auth jwt</c>, <c>optional</c>).</summary>
public sealed class ListUsersEndpoint(UserService users) : EndpointWithoutRequest<ListUsersResponse>
{
    public override void Configure()
    {
        Get("/auth/users");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "List users");
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(new ListUsersResponse(await users.ListAsync(ct)), ct);
}
