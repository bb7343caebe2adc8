using System.Text.Json;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// Reads a <c>/v1</c> JSON body itself rather than through FastEndpoints' binder, so a body that is not JSON, or not an
/// object, gets OpenAI's error shape (the binder's errors use the seed API's).
/// </summary>
public static class OpenAIJsonBody
{
    public static async Task<OpenAIResult<JsonElement>> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await JsonRequestBody.ReadAsync(body, cancellationToken);
            var root = JsonSerializer.Deserialize<JsonElement>(bytes.Span);
            if (root.ValueKind != JsonValueKind.Object)
                return OpenAIErrors.MalformedJson($"the body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            return root;
        }
        catch (JsonException e)
        {
            return OpenAIErrors.MalformedJson(JsonErrorText.Describe(e));
        }
        catch (BadHttpRequestException e)
        {
            // A chunked body over the size limit (a declared one never gets here), or a broken upload.
            return new OpenAIFailure(e.StatusCode, new OpenAIErrorDetail(e.Message, OpenAIErrors.InvalidRequest, null,
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : "bad_request"));
        }
    }
}
