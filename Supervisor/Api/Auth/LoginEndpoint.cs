using FastEndpoints;
using FluentValidation;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Auth.Http;
using SdSupervised.Supervisor.Auth.Login;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Api.Auth;

public sealed class LoginRequest
{
    public string? Username { get; set; }
    public string? Password { get; set; }
}

public sealed class LoginValidator : Validator<LoginRequest>
{
    public LoginValidator()
    {
        RuleFor(r => r.Username).NotEmpty().WithMessage("username is required.").MaximumLength(256).WithMessage("username is too long.");
        RuleFor(r => r.Password).NotEmpty().WithMessage("password is required.").MaximumLength(1024).WithMessage("password is too long.");
    }
}

/// <summary>
/// <c>POST /api/auth/login</c> (and the seed's <c>/api/v1/auth/login</c>): a user name and password for an access token and a
/// refresh token, also set as the web UI's session cookies. Wrong user and wrong password answer the same 401.
/// </summary>
public sealed class LoginEndpoint(LoginService logins, AuthStatus auth, TimeProvider time) : Endpoint<LoginRequest, TokenResponse>
{
    public override void Configure()
    {
        Post("/auth/login", "/v1/auth/login");
        Description(b => b.Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status429TooManyRequests).Produces(StatusCodes.Status503ServiceUnavailable));
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Log in with a user name and password";
            s.Description = "Under --auth jwt, unix, pam and optional. Answers the tokens and sets the HttpOnly session cookies. " +
                            "Failed attempts are rate-limited per address and lock the name out after Sds:Auth:MaxFailedLogins.";
        });
    }

    public override async Task HandleAsync(LoginRequest req, CancellationToken ct)
    {
        if (!AuthMethods.HasLogin(auth.Method))
        {
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status400BadRequest, "login_not_available",
                $"--auth {AuthMethods.Name(auth.Method)} has no password logins{(auth.Method == AuthMethod.ApiKey ? ": send an API key instead" : "")}"));
            return;
        }
        var outcome = await logins.LoginAsync(req.Username!, req.Password!, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        if (outcome.RetryAfter is { } retry)
        {
            HttpContext.Response.Headers.RetryAfter = RetryAfter.Seconds(retry);
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status429TooManyRequests, "too_many_attempts", "too many login attempts; try again later"));
            return;
        }
        if (outcome.Unavailable is { } unavailable)
        {
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "login_unavailable", unavailable));
            return;
        }
        if (outcome.Tokens is not { } tokens)
        {
            await Send.ResultAsync(ApiResults.Error(StatusCodes.Status401Unauthorized, "invalid_credentials", LoginOutcome.InvalidCredentials));
            return;
        }
        SessionCookies.Set(HttpContext, tokens);
        await Send.OkAsync(TokenResponse.From(tokens, time.GetUtcNow()), ct);
    }
}
