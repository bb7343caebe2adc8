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
    /// <summary>Days from now until the key stops working; null (and no <see cref="ExpiresAt"/>): never.</summary>
    public int? ExpiresInDays { get; set; }
    /// <summary>When the key stops working, instead of <see cref="ExpiresInDays"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
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
        RuleFor(r => r.ExpiresAt).Null().When(r => r.ExpiresInDays is not null).WithMessage("give expires_in_days or expires_at, not both.");
        RuleFor(r => r.ExpiresAt).Must(e => e > DateTimeOffset.UtcNow).When(r => r.ExpiresAt is not null).WithMessage("expires_at must be in the future.");
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
        var expires = req.ExpiresInDays is { } days ? time.GetUtcNow().AddDays(days) : req.ExpiresAt;
        var created = await keys.CreateAsync(req.Name!, req.Role, expires, HttpContext.Principal()?.Name, ct);
        await Send.ResponseAsync(new CreateKeyResponse(created.Key, created.Info), StatusCodes.Status201Created, ct);
    }
}
