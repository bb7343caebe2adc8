using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Api;

/// <summary>Every error the API returns: <c>{status, error, message, errors?}</c>.</summary>
public sealed record ApiError(
    int Status,
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
