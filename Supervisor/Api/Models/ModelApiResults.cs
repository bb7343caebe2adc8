using Microsoft.AspNetCore.Http.HttpResults;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

/// <summary>The model endpoints' refusals in the API's one error shape.</summary>
public static class ModelApiResults
{
    /// <summary>400 naming the field, for a bad <c>model</c> / <c>model_id</c> in a body.</summary>
    public static JsonHttpResult<ApiError> InvalidField(string field, string message) =>
        TypedResults.Json(new ApiError(StatusCodes.Status400BadRequest, "validation_failed", $"{field}: {message}",
            new Dictionary<string, string[]> { [field] = [message] }), ApiJson.Options, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A reference that did not resolve: 400 when it is malformed or ambiguous, 404 when nothing has that name.</summary>
    public static JsonHttpResult<ApiError> ForLookup(ModelLookup lookup) => lookup.Status == ModelLookupStatus.NotFound
        ? ApiResults.NotFound(lookup.Message)
        : ApiResults.BadRequest(lookup.Message);

    public static JsonHttpResult<ApiError> ForRefusal(ModelActionResult result) => result.Error switch
    {
        ModelActionError.NotFound => ApiResults.NotFound(result.Message),
        ModelActionError.NotLoadable => ApiResults.Error(StatusCodes.Status400BadRequest, "not_loadable", result.Message),
        _ => ApiResults.BadRequest(result.Message),
    };

    /// <summary>The HTTP status of a worker operation that did not succeed.</summary>
    public static JsonHttpResult<ApiError> ForOperation(ModelOperationResult result) => result.Status switch
    {
        ModelOperationStatus.WorkerNotFound => ApiResults.NotFound(result.Message),
        ModelOperationStatus.WorkerBusy => ApiResults.Conflict(result.Message),
        ModelOperationStatus.NotAllowed => ApiResults.Error(StatusCodes.Status422UnprocessableEntity, "no_worker_for_model", result.Message),
        _ => ApiResults.Error(StatusCodes.Status422UnprocessableEntity, "model_load_failed", result.Message),
    };
}
