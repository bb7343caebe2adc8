namespace SdSupervised.Supervisor.Hosting.Http;

public static class HttpServices
{
    /// <summary>STUB: OpenAPI, CORS, request ids, body size limits.</summary>
    public static IServiceCollection AddHttpServices(this IServiceCollection services, IConfiguration configuration) => services;
}
