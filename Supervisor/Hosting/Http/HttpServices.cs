using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Hosting.Http.OpenApi;

namespace SdSupervised.Supervisor.Hosting.Http;

public static class HttpServices
{
    /// <summary>OpenAPI, CORS, body size limits (request ids need no services).</summary>
    public static IServiceCollection AddHttpServices(this IServiceCollection services, IConfiguration configuration)
    {
        // The OpenAPI schema generator reads these options: the document must use the wire names.
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddSupervisorOpenApi();
        services.AddSupervisorCors();
        services.AddSingleton<KnownRoutes>();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SupervisorOptions>>((kestrel, supervisor) =>
            kestrel.Limits.MaxRequestBodySize = supervisor.Value.Limits.MaxRequestBodyBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<SupervisorOptions>>((form, supervisor) =>
            form.MultipartBodyLengthLimit = supervisor.Value.Limits.MaxRequestBodyBytes);
        return services;
    }
}
