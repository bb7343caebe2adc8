using Microsoft.AspNetCore.Diagnostics;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Storage;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// The exception handler's answer: an <see cref="ApiError"/> for every exception that escapes an endpoint.
/// Server errors carry the request id and are logged with the exception; the body never shows internals. A full disk
/// (SQLITE_FULL, ENOSPC) is 507 <c>storage_full</c> with Retry-After, as the submit paths' own check answers it.
/// </summary>
public static class ApiExceptionResponder
{
    public static async Task RespondAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILogger<ApiError>>();
        var answer = For(error, context);
        // The exception handler cleared the response, headers included.
        context.Response.Headers[RequestIds.HeaderName] = context.TraceIdentifier;
        if (answer.Error == StorageGuard.ErrorCode)
        {
            // An operating condition, not a bug: one line, no stack trace; health says degraded until there is room.
            context.RequestServices.GetRequiredService<StorageGuard>().ReportFull(error!);
            context.Response.Headers.RetryAfter = RetryAfter.Seconds(StorageGuard.RetryAfter);
            logger.LogWarning("Storage full on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, StorageFull.Describe(error!));
        }
        else if (answer.Error == StoreUnavailable.ErrorCode)
        {
            context.Response.Headers.RetryAfter = RetryAfter.Seconds(StoreUnavailable.RetryAfter);
            logger.LogWarning("Job store unreachable on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path, error!.Message);
        }
        else if (answer.Status >= 500)
            logger.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        else if (answer.Status == StatusCodes.Status413PayloadTooLarge)
            // Kestrel stops reading; keep-alive would need the rest of the body drained first.
            context.Response.Headers.Connection = "close";
        await PipelineErrors.WriteAsync(context, answer);
    }

    public static ApiError For(Exception? error, HttpContext context) => error switch
    {
        _ when BodySizeLimit.IsTooLarge(error) => BodySizeLimit.Error(BodySizeLimit.Current(context)) with { RequestId = context.TraceIdentifier },
        Generation.Presets.PresetRefusedException preset => preset.Error,
        BadHttpRequestException bad => new ApiError(bad.StatusCode, "bad_request", bad.Message, RequestId: context.TraceIdentifier),
        _ when StorageFull.Is(error) => new ApiError(StatusCodes.Status507InsufficientStorage, StorageGuard.ErrorCode,
            "The server's disk is full, so this request could not be stored. Retry once space has been freed.", RequestId: context.TraceIdentifier),
        _ when StoreUnavailable.Is(error) => new ApiError(StatusCodes.Status503ServiceUnavailable, StoreUnavailable.ErrorCode,
            "The job database cannot be reached just now, so this request could not be handled. Retry shortly.", RequestId: context.TraceIdentifier),
        _ => new ApiError(StatusCodes.Status500InternalServerError, "internal_error",
            "The server failed to handle this request; the log has the details under this request_id.", RequestId: context.TraceIdentifier),
    };
}
