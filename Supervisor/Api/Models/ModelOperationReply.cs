using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

/// <summary>Load and unload answer alike: 200 with each worker's outcome, or the error of the first failure.</summary>
public static class ModelOperationReply
{
    public static ModelOperationResponse ToResponse(ModelActionResult result, string reference)
    {
        var id = result.Entry?.Id ?? result.Results.FirstOrDefault()?.ModelId ?? reference;
        var status = result.Results.Count == 0 ? "refused" : result.Results.All(r => r.Succeeded) ? Name(result.Results[0].Status) : "failed";
        return new ModelOperationResponse(id, status,
            result.Results.Select(r => new WorkerOperationResponse(r.WorkerId, r.Status, r.Message, r.Seconds)).ToList());
    }

    public static IResult ToResult(ModelActionResult result)
    {
        if (result.Error is not null)
            return ModelApiResults.ForRefusal(result);
        if (result.Results.FirstOrDefault(r => !r.Succeeded) is { } failed)
            return ModelApiResults.ForOperation(failed);
        return TypedResults.Json(ToResponse(result, ""), ApiJson.Options);
    }

    private static string Name(ModelOperationStatus status) => global::System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
