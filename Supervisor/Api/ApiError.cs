using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Api;

/// <summary>
/// Every error the API returns: <c>{status, error, message, errors?, request_id?}</c>. <c>request_id</c> is set on
/// server errors, so a report can be matched with the log (it is also the <c>X-Request-Id</c> header).
/// </summary>
public sealed record ApiError(
    int Status,
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestId = null);
