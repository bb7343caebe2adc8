using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// The <c>/sdapi</c> error body: the server's <c>{status, error, message, errors?}</c> plus FastAPI's <c>detail</c>
/// (the same text as <c>message</c>), which is what A1111 clients print. The pipeline's own errors (413, 500) and the auth
/// layer's (401, 403, 429) use it too under <c>/sdapi</c> and Gradio's <c>/queue</c>.
/// </summary>
public sealed record A1111ErrorBody(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null,
    [property: JsonPropertyName("request_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RequestId = null)
{
    /// <summary>An error the pipeline or the auth layer writes itself, in this shape.</summary>
    public static A1111ErrorBody From(Api.ApiError error) => new(error.Status, error.Error, error.Message, error.Message, error.Errors, error.RequestId);
}
