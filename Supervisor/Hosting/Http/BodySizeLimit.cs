using Microsoft.AspNetCore.Http.Features;
using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>The 413 answer for a body over the limit, whichever layer noticed it.</summary>
public static class BodySizeLimit
{
    public const string Setting = "Sds:Limits:MaxRequestBodyBytes";

    public static ApiError Error(long? limit) => new(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
        limit is { } bytes
            ? $"the request body is larger than the limit of {bytes} bytes ({Describe(bytes)}); the server's limit is the setting {Setting}"
            : $"the request body is too large; the server's limit is the setting {Setting}");

    /// <summary>The limit in force for this request (Kestrel's, or the endpoint's own); null when unlimited.</summary>
    public static long? Current(HttpContext context) => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    /// <summary>The messages of Kestrel's and the form reader's size limit failures, for layers that keep only the text.</summary>
    public static bool IsTooLargeMessage(string? message) =>
        message is not null
        && (message.Contains("Request body too large", StringComparison.OrdinalIgnoreCase)
            || message.Contains("body length limit", StringComparison.OrdinalIgnoreCase));

    /// <summary>Kestrel's "request body too large" and the form reader's multipart limit, also when wrapped.</summary>
    public static bool IsTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return true;
            if (e is InvalidDataException && IsTooLargeMessage(e.Message)) return true;
        }
        return false;
    }

    private static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} B",
    };
}
