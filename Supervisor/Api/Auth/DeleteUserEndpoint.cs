using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Users;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class UserNameRequest
{
    public string Name { get; set; } = "";
}

public sealed record DeleteUserResponse(string Name, bool Deleted);

/// <summary><c>DELETE /api/auth/users/{name}</c>: the user and their sessions are gone at once.</summary>
public sealed class DeleteUserEndpoint(UserService users) : Endpoint<UserNameRequest, DeleteUserResponse>
{
    public override void Configure()
    {
        Delete("/auth/users/{name}");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Delete a user");
    }

    public override async Task HandleAsync(UserNameRequest req, CancellationToken ct)
    {
        if (!await users.DeleteAsync(req.Name, HttpContext.Principal()?.Name, ct))
        {
            await Send.ResultAsync(ApiResults.NotFound($"user '{req.Name}' not found"));
            return;
        }
        await Send.OkAsync(new DeleteUserResponse(req.Name, true), ct);
    }
}
