using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Keys;
using SdSupervised.Supervisor.Auth.Users;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class CreateKeyRequest
{
    public string? Name { get; set; }
    public string Role { get; set; } = Roles.User;
    /// <summary>Null: the key never expires.</summary>
    public int? ExpiresInDays { get; set; }
}

/// <summary>The new key: <c>key</c> is shown this once.</summary>
public sealed record CreateKeyResponse(string Key, ApiKeyInfo Info);

public sealed class CreateKeyValidator : Validator<CreateKeyRequest>
{
    public CreateKeyValidator()
    {
        RuleFor(r => r.Name).Must(UserNames.IsValid).WithMessage($"name must be {UserNames.Rule}.");
        RuleFor(r => r.Role).Must(Roles.IsKnown).WithMessage("role must be admin or user.");
        RuleFor(r => r.ExpiresInDays).InclusiveBetween(1, 3650).When(r => r.ExpiresInDays is not null).WithMessage("expires_in_days must be 1-3650.");
    }
}

/// <summary><c>POST /api/auth/keys</c>: a new API key for a named principal with a role; the key itself is in this answer only.</summary>
public sealed class CreateKeyEndpoint(ApiKeyService keys, TimeProvider time) : Endpoint<CreateKeyRequest, CreateKeyResponse>
{
    public override void Configure()
    {
        Post("/auth/keys");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s =>
        {
            s.Summary = "Create an API key (shown once)";
            s.Response<CreateKeyResponse>(StatusCodes.Status201Created, "created");
        });
    }

    public override async Task HandleAsync(CreateKeyRequest req, CancellationToken ct)
    {
        var expires = req.ExpiresInDays is { } days ? time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var created = await keys.CreateAsync(req.Name!, req.Role, expires, HttpContext.Principal()?.Name, ct);
        await Send.ResponseAsync(new CreateKeyResponse(created.Key, created.Info), StatusCodes.Status201Created, ct);
    }
}
