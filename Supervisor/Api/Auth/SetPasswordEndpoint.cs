using FastEndpoints;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Users;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class SetPasswordRequest
{
    public string Name { get; set; } = "";
    public string? Password { get; set; }
}

public sealed record SetPasswordResponse(string Name, bool Changed);

/// <summary><c>POST /api/auth/users/{name}/password</c>: a new password; the user's open sessions end.</summary>
public sealed class SetPasswordEndpoint(UserService users) : Endpoint<SetPasswordRequest, SetPasswordResponse>
{
    public override void Configure()
    {
        Post("/auth/users/{name}/password");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Set a user's password");
    }

    public override async Task HandleAsync(SetPasswordRequest req, CancellationToken ct)
    {
        var problem = await users.SetPasswordAsync(req.Name, req.Password ?? "", HttpContext.Principal()?.Name, ct);
        if (problem is not null)
        {
            await Send.ResultAsync(problem.EndsWith("not found", StringComparison.Ordinal) ? ApiResults.NotFound(problem) : ApiResults.BadRequest(problem));
            return;
        }
        await Send.OkAsync(new SetPasswordResponse(req.Name, true), ct);
    }
}
