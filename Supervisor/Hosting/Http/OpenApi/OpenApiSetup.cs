using Scalar.AspNetCore;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi.json</c> and the interactive reference at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi.json";
    public const string DocsPath = "/docs";

    public static IServiceCollection AddSupervisorOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<SupervisorDocumentTransformer>();
            options.AddOperationTransformer<FastEndpointsOperationTransformer>();
            options.AddSchemaTransformer<WireNumberSchemaTransformer>();
            options.AddSchemaTransformer<TestOnlyFieldSchemaTransformer>();
            options.AddSchemaTransformer<OmittedWhenNullSchemaTransformer>();
        });

    public static WebApplication MapSupervisorOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        // Scalar serves its bundled script from under /docs itself. No web fonts, telemetry or AI agent: the page
        // works offline and calls nothing but this server.
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("sd-supervised API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return app;
    }
}
