using System.Text.Json;

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
            using var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return OpenAIErrors.MalformedJson($"the body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return OpenAIErrors.MalformedJson(e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // A chunked body over the size limit (a declared one never gets here), or a broken upload.
            return new OpenAIFailure(e.StatusCode, new OpenAIErrorDetail(e.Message, OpenAIErrors.InvalidRequest, null,
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : "bad_request"));
        }
    }
}
