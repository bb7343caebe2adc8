using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Browser access from other origins, off unless <c>Sds:Http:CorsOrigins</c> names some. Responses expose
/// <c>X-Request-Id</c> and <c>Retry-After</c> so a web UI can read them.
/// </summary>
public static class CorsSetup
{
    public const string PolicyName = "sds";

    public static IServiceCollection AddSupervisorCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SupervisorOptions>>((cors, supervisor) =>
        {
            var http = supervisor.Value.Http;
            var origins = http.ResolvedCorsOrigins();
            if (origins.Count == 0) return;
            cors.AddPolicy(PolicyName, policy =>
            {
                if (origins.Contains("*")) policy.AllowAnyOrigin();
                else policy.WithOrigins(origins.ToArray());
                policy.AllowAnyMethod()
                    .AllowAnyHeader()
                    .WithExposedHeaders(RequestIds.HeaderName, "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromSeconds(http.CorsMaxAgeSeconds));
            });
        });
        return services;
    }

    /// <summary>Adds the CORS middleware only when origins are configured: with none, no CORS header is ever sent.</summary>
    public static WebApplication UseSupervisorCors(this WebApplication app)
    {
        var origins = app.Services.GetRequiredService<IOptions<SupervisorOptions>>().Value.Http.ResolvedCorsOrigins();
        if (origins.Count > 0) app.UseCors(PolicyName);
        return app;
    }
}
