using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Users;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class CreateUserRequest
{
    public string? Name { get; set; }
    public string Role { get; set; } = Roles.User;
    public string? Password { get; set; }
}

public sealed class CreateUserValidator : Validator<CreateUserRequest>
{
    public CreateUserValidator()
    {
        RuleFor(r => r.Name).Must(UserNames.IsValid).WithMessage($"name must be {UserNames.Rule}.");
        RuleFor(r => r.Role).Must(Roles.IsKnown).WithMessage("role must be admin or user.");
        RuleFor(r => r.Password).Must(p => UserNames.PasswordProblem(p) is null).WithMessage(r => UserNames.PasswordProblem(r.Password) + ".");
    }
}

/// <summary><c>POST /api/auth/users</c>: a password user; 409 when the name is taken.</summary>
public sealed class CreateUserEndpoint(UserService users) : Endpoint<CreateUserRequest, UserInfo>
{
    public override void Configure()
    {
        Post("/auth/users");
        Description(b => b.Produces(StatusCodes.Status409Conflict));
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s =>
        {
            s.Summary = "Create a user";
            s.Response<UserInfo>(StatusCodes.Status201Created, "created");
        });
    }

    public override async Task HandleAsync(CreateUserRequest req, CancellationToken ct)
    {
        var (outcome, problem) = await users.AddAsync(req.Name!, req.Role, req.Password!, HttpContext.Principal()?.Name, ct);
        if (outcome != UserService.AddOutcome.Added)
        {
            await Send.ResultAsync(outcome == UserService.AddOutcome.Exists ? ApiResults.Conflict(problem!) : ApiResults.BadRequest(problem!));
            return;
        }
        var created = (await users.ListAsync(ct)).First(u => string.Equals(u.Name, req.Name, StringComparison.OrdinalIgnoreCase));
        await Send.ResponseAsync(created, StatusCodes.Status201Created, ct);
    }
}
