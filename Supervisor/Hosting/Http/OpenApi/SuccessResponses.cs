using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// The success answers of an operation as the endpoint declares them. A declared status with content types and no
/// .NET type (a file, an event stream) is written with those content types, each declaration adding its own (a PNG
/// and an MP4 under one 200); FastEndpoints' default 204 for an endpoint without a response type goes when the
/// endpoint declares another success; a job submission's 200 is its 202.
/// </summary>
public static class SuccessResponses
{
    public const string EventStream = "text/event-stream";

    public static async Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, IList<object> metadata, bool acceptsJobs,
        CancellationToken cancellationToken)
    {
        operation.Responses ??= new OpenApiResponses();
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode is >= 200 and < 300).ToList();
        foreach (var group in declared.Where(p => p.Type is null || p.Type == typeof(void)).Where(p => p.ContentTypes.Any()).GroupBy(p => p.StatusCode))
        {
            var key = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse r
                ? r
                : new OpenApiResponse { Description = group.Key == 206 ? "Partial content (a Range request)." : "OK" };
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var contentType in group.SelectMany(p => p.ContentTypes).Distinct(StringComparer.OrdinalIgnoreCase))
                response.Content[contentType] = new OpenApiMediaType
                {
                    Schema = contentType == EventStream
                        ? new OpenApiSchema { Type = JsonSchemaType.String, Description = "Server-sent events, `event:`/`id:`/`data:` lines; data is JSON." }
                        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                };
            operation.Responses[key] = response;
        }
        // A typed declaration the generator has not written (it writes only one per status).
        foreach (var typed in declared.Where(p => p.Type is not null && p.Type != typeof(void)))
        {
            var key = typed.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) continue;
            var schema = await context.GetOrCreateSchemaAsync(typed.Type!, null, cancellationToken);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = typed.StatusCode == 202 ? "Accepted: still queued or running." : "OK",
                Content = typed.ContentTypes.DefaultIfEmpty("application/json").ToDictionary(c => c, _ => new OpenApiMediaType { Schema = schema }),
            };
        }

        if (operation.Responses.Keys.Any(k => k is not "204" && k.StartsWith('2')))
            operation.Responses.Remove("204");
        if (acceptsJobs && operation.Responses.Remove("200", out var ok) && !operation.Responses.ContainsKey("202"))
        {
            if (ok is OpenApiResponse response) response.Description = "Accepted: the job is queued.";
            operation.Responses["202"] = ok;
        }
    }
}
