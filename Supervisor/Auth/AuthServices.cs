using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Auth.Http;
using SdSupervised.Supervisor.Auth.Keys;
using SdSupervised.Supervisor.Auth.Login;
using SdSupervised.Supervisor.Auth.Storage;
using SdSupervised.Supervisor.Auth.System;
using SdSupervised.Supervisor.Auth.Tokens;
using SdSupervised.Supervisor.Auth.Users;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth;

/// <summary>Authentication, authorization and their stores; and their place in the HTTP pipeline.</summary>
public static class AuthServices
{
    public static IServiceCollection AddSupervisorAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>()?.Auth ?? new AuthOptions();
        var method = auth.ResolvedMethod;

        services.AddSingleton(sp => new AuthStore(sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.DataDir));
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<LoginLockout>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<AuthStatus>();
        services.AddSingleton<RoutePolicies>();
        services.AddSingleton<IRequester, HttpRequester>();
        services.AddHttpContextAccessor();
        if (method is AuthMethod.Unix or AuthMethod.Pam)
            services.AddSingleton(sp => SystemVerifierFactory.Create(sp.GetRequiredService<IOptions<SupervisorOptions>>().Value.Auth, sp.GetRequiredService<TimeProvider>())!);
        services.AddHostedService<AuthStartup>();

        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, AuthSchemes.Default, o => o.ForwardDefaultSelector = context => Select(context, method))
            .AddScheme<AuthenticationSchemeOptions, CredentialsAuthenticationHandler>(AuthSchemes.Credentials, null)
            .AddJwtBearer(AuthSchemes.Token, o =>
            {
                o.MapInboundClaims = false;
                o.EventsType = typeof(TokenEvents);
            });
        services.AddSingleton<TokenEvents>();
        services.AddOptions<JwtBearerOptions>(AuthSchemes.Token).Configure<TokenService>((o, tokens) => o.TokenValidationParameters = tokens.ValidationParameters);

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, p => p.RequireRole(Roles.Admin, Roles.User))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireRole(Roles.Admin));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationResponder>();

        if (auth.RequestsPerMinute > 0)
            services.AddRateLimiter(o =>
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    AuthPrincipal.From(context.User) is { } p && p.Via != CredentialKinds.Open
                        ? RateLimitPartition.GetSlidingWindowLimiter(p.Name, _ => new SlidingWindowRateLimiterOptions
                            { PermitLimit = auth.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 })
                        : RateLimitPartition.GetNoLimiter(""));
                o.OnRejected = (context, _) => new ValueTask(AuthErrors.TooManyRequestsAsync(context.HttpContext,
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(10),
                    $"too many requests: at most {auth.RequestsPerMinute} a minute per principal (Sds:Auth:RequestsPerMinute)"));
            });
        return services;
    }

    /// <summary>After routing (CORS first, so a preflight needs no credentials), before the endpoints.</summary>
    public static WebApplication UseSupervisorAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<CookieCsrfMiddleware>();
        if (app.Services.GetRequiredService<IOptions<SupervisorOptions>>().Value.Auth.RequestsPerMinute > 0)
            app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<AdminAuditMiddleware>();
        return app;
    }

    /// <summary>JWTs to JwtBearer; everything else (keys, Basic, guests, the open server) to the credentials handler.</summary>
    private static string Select(HttpContext context, AuthMethod method)
    {
        if (!AuthMethods.HasLogin(method)) return AuthSchemes.Credentials;
        var request = context.Request;
        if (request.Headers.Authorization.FirstOrDefault() is { } authorization)
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !ApiKeyFormat.LooksLikeKey(authorization[7..].Trim())
                ? AuthSchemes.Token
                : AuthSchemes.Credentials;
        if (request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader)) return AuthSchemes.Credentials;
        if (request.Cookies.ContainsKey(AuthSchemes.SessionCookie)) return AuthSchemes.Token;
        if (AuthSchemes.IsEventStream(request.Path) && request.Query.ContainsKey(AuthSchemes.AccessTokenQuery)) return AuthSchemes.Token;
        return AuthSchemes.Credentials;
    }
}
