using FastEndpoints;
using Microsoft.AspNetCore.Diagnostics;
using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>HTTP pipeline: FastEndpoints with the API's JSON and error conventions, JSON 404s and 500s.</summary>
public static class ApiPipeline
{
    public static WebApplication UseSupervisorApi(this WebApplication app)
    {
        app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILogger<ApiError>>();
            var (status, code, message) = error switch
            {
                BadHttpRequestException bad => (bad.StatusCode, "bad_request", bad.Message),
                _ => (StatusCodes.Status500InternalServerError, "internal_error", "The server failed to handle this request; the log has the details."),
            };
            if (status >= 500)
                logger.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new ApiError(status, code, message), ApiJson.Options);
        }));

        app.UseFastEndpoints(c =>
        {
            ApiJson.Configure(c.Serializer.Options);
            c.Errors.StatusCode = StatusCodes.Status400BadRequest;
            c.Errors.ResponseBuilder = ValidationErrorBuilder.Build;
        });

        app.MapGet("/", () => Results.Json(new { name = "sd-supervised", status = "/api/status", health = "/api/health" }, ApiJson.Options));
        app.MapFallback(context =>
        {
            // A JSON endpoint does not match a body sent without a JSON content type; say so instead of "no endpoint".
            var error = HasNonJsonBody(context.Request)
                ? new ApiError(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    $"send the request body as JSON with 'Content-Type: application/json' (got '{context.Request.ContentType ?? "none"}')")
                : new ApiError(StatusCodes.Status404NotFound, "not_found", $"no endpoint {context.Request.Method} {context.Request.Path}");
            context.Response.StatusCode = error.Status;
            return context.Response.WriteAsJsonAsync(error, ApiJson.Options);
        });
        return app;
    }

    private static bool HasNonJsonBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && request.Path.StartsWithSegments("/api")
        && !(request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false)
        && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);
}
