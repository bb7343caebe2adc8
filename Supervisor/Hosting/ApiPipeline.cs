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
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(
                new ApiError(404, "not_found", $"no endpoint {context.Request.Method} {context.Request.Path}"), ApiJson.Options);
        });
        return app;
    }
}
