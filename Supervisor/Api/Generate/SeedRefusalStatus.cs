using SdSupervised.Supervisor.Generation;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>The seed API's HTTP status for each <see cref="RefusalKind"/>: the one place that decides it for <c>/api</c>.</summary>
public static class SeedRefusalStatus
{
    public static int Of(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Unprocessable or RefusalKind.NoCapableWorker => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.QueueFull or RefusalKind.TooManyJobs => StatusCodes.Status429TooManyRequests,
        RefusalKind.ShuttingDown => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.StorageFull => StatusCodes.Status507InsufficientStorage,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a refusal kind without a seed status"),
    };
}
