using System.Reflection;
using FastEndpoints;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Auth;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Hosting.Http.OpenApi;
using SdSupervised.Supervisor.Observability;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>
/// HTTP pipeline: request ids, request logging, JSON errors (500, 413, 404, 415), CORS, body size limits,
/// FastEndpoints with the API's JSON conventions, the OpenAPI document and docs, and the web UI at /ui/.
/// </summary>
public static class ApiPipeline
{
    private static readonly string Version =
        typeof(ApiPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static WebApplication UseSupervisorApi(this WebApplication app)
    {
        // First: the client address, scheme and host the rest sees (request log, rate limits, cookies, image URLs).
        app.UseSupervisorForwardedHeaders();
        // Outermost, so every log line of the request (the exception handler's too) carries the id.
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ApiExceptionResponder.RespondAsync,
            // The responder logs server errors itself, with the request id; a client's oversized body is no error of ours.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseMiddleware<HeadAsGetMiddleware>();
        app.UseRouting();
        app.UseSupervisorCors();
        // After routing: an endpoint may carry its own body size limit.
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseSupervisorAuth();

        app.UseFastEndpoints(c =>
        {
            ApiJson.Configure(c.Serializer.Options);
            c.Serializer.RequestDeserializer = JsonRequestBody.Deserializer(ApiJson.ForRequests(c.Serializer.Options));
            c.Errors.StatusCode = StatusCodes.Status400BadRequest;
            c.Errors.ResponseBuilder = ValidationErrorBuilder.Build;
            // An ApiError is not RFC 7807 problem details: one error content type for the seed family, as for its other errors.
            c.Errors.ContentType = "application/json";
        });

        app.MapSupervisorOpenApi();
        app.MapSupervisorMetrics();
        app.MapSupervisorWebUi();
        app.MapGet("/", (HttpRequest request) => WebUiRoutes.WantsHtml(request)
                ? Results.Redirect(WebUiRoutes.Prefix + "/")
                : Results.Json(new ApiIndex("sd-supervised", Version, OpenApiSetup.DocsPath, OpenApiSetup.DocumentPath, "/api/status", "/api/health"), ApiJson.Options))
            .WithSummary("Where to start: links to the docs, the OpenAPI document, status and health (a browser is sent to the web UI at /ui/)")
            .Produces<ApiIndex>();
        app.MapFallback(UnmatchedRequest.RespondAsync);
        return app;
    }
}
