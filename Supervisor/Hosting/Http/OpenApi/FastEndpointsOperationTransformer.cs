using System.Reflection;
using System.Text.Json.Serialization;
using FastEndpoints;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// Completes what ApiExplorer sees of an endpoint. FastEndpoints endpoints reach it as minimal-API routes whose
/// only parameter is the request DTO, filed as a body even for GET; this puts route and query fields where they
/// are bound, takes the summary from FastEndpoints' <see cref="EndpointDefinition"/>, tags by area, and
/// documents every error status in the one <see cref="ApiError"/> shape.
/// </summary>
public sealed class FastEndpointsOperationTransformer : IOpenApiOperationTransformer
{
    private static readonly HashSet<string> BodylessMethods = new(StringComparer.OrdinalIgnoreCase) { "GET", "HEAD", "DELETE", "OPTIONS" };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var template = description.RelativePath ?? "";
        var path = RouteTemplate.ToOpenApiPath(template);
        var method = description.HttpMethod ?? "GET";
        var document = context.Document!;

        var tag = ApiTags.For(path);
        operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };

        var definition = description.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();
        if (definition?.EndpointSummary is { } summary)
        {
            if (!string.IsNullOrWhiteSpace(summary.Summary)) operation.Summary = summary.Summary;
            if (!string.IsNullOrWhiteSpace(summary.Description)) operation.Description = summary.Description;
        }

        var routeNames = RouteTemplate.ParameterNames(template);
        var requestType = definition?.ReqDtoType is { } t && t != typeof(EmptyRequest) ? t : null;
        var parameters = operation.Parameters ?? [];
        foreach (var name in routeNames.Where(n => !parameters.Any(p => p.In == ParameterLocation.Path && p.Name == n)))
        {
            var property = requestType is null ? null : FindRouteProperty(requestType, name);
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = await SchemaFor(property?.PropertyType ?? typeof(string), context, cancellationToken),
            });
        }

        var bodyless = BodylessMethods.Contains(method);
        if (requestType is not null)
        {
            foreach (var property in BindableProperties(requestType))
            {
                if (routeNames.Any(n => MatchesRouteName(property, n))) continue;
                var header = property.GetCustomAttribute<FromHeaderAttribute>();
                var queried = bodyless || property.GetCustomAttribute<QueryParamAttribute>() is not null;
                if (header is null && !queried) continue;
                var name = header is not null
                    ? header.HeaderName ?? property.Name
                    : property.GetCustomAttribute<BindFromAttribute>()?.Name ?? ApiJson.Name(property.Name);
                if (parameters.Any(p => p.Name == name)) continue;
                parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = header is not null ? ParameterLocation.Header : ParameterLocation.Query,
                    Required = header is not null && header.IsRequired,
                    Schema = await SchemaFor(property.PropertyType, context, cancellationToken),
                });
            }
        }
        operation.Parameters = parameters.Count > 0 ? parameters : null;

        // The DTO is bound from the route and query on these methods, never from a body.
        if (bodyless || requestType is null) operation.RequestBody = null;
        var hasBody = operation.RequestBody is not null;
        var hasJsonBody = operation.RequestBody?.Content?.Keys.Any(k => k.Contains("json", StringComparison.OrdinalIgnoreCase)) == true;
        var queuesJobs = definition?.ResDtoType == typeof(SubmitJobResponse);

        AdjustSuccessResponses(operation, queuesJobs);
        var errors = ApiErrorResponses.For(hasInput: requestType is not null || routeNames.Count > 0, hasPathParameters: routeNames.Count > 0,
            hasBody: hasBody, requiresJson: hasJsonBody && path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase), queuesJobs: queuesJobs,
            compatibility: ApiTags.IsCompatibility(tag));
        // The pipeline writes its own errors in OpenAI's shape under /v1 (see PipelineErrors).
        var errorType = tag == ApiTags.OpenAi ? typeof(OpenAIErrorBody) : typeof(ApiError);
        ApiSecurity.Apply(operation, document, Auth.RoutePolicies.PolicyOf(description.ActionDescriptor.EndpointMetadata));
        await AddErrorResponses(operation, context, errors, errorType, replaceDeclared: !ApiTags.IsCompatibility(tag), cancellationToken);
    }

    /// <summary>
    /// Job submissions answer 202 Accepted with <see cref="SubmitJobResponse"/>. An endpoint that declares its
    /// statuses (<c>Summary(s =&gt; s.Response&lt;T&gt;(202))</c>) is documented as declared; one that does not
    /// gets FastEndpoints' default 200, which is wrong for a queued job.
    /// </summary>
    private static void AdjustSuccessResponses(OpenApiOperation operation, bool queuesJobs)
    {
        if (operation.Responses is null || !queuesJobs) return;
        if (operation.Responses.Remove("200", out var ok) && !operation.Responses.ContainsKey("202"))
        {
            if (ok is OpenApiResponse response) response.Description = "Accepted: the job is queued.";
            operation.Responses["202"] = ok;
        }
    }

    private static async Task AddErrorResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        IReadOnlyList<(int Status, string Description)> errors, Type errorType, bool replaceDeclared, CancellationToken ct)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemaId = errorType.Name;
        if (!document.Components.Schemas.ContainsKey(schemaId))
            document.AddComponent(schemaId, await context.GetOrCreateSchemaAsync(errorType, null, ct));

        operation.Responses ??= new OpenApiResponses();
        // Anything FastEndpoints declared for errors (its own ErrorResponse) is not what the API sends; compatibility
        // endpoints keep what they declared, in their dialect.
        if (replaceDeclared)
            foreach (var key in operation.Responses.Keys.Where(k => k.Length == 3 && k[0] is '4' or '5').ToList())
                operation.Responses.Remove(key);
        foreach (var (status, text) in errors)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(schemaId, document) },
                },
            };
        }
    }

    private static Task<OpenApiSchema> SchemaFor(Type type, OpenApiOperationTransformerContext context, CancellationToken ct) =>
        context.GetOrCreateSchemaAsync(type, null, ct);

    private static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<HideFromDocsAttribute>() is null
                && p.GetCustomAttribute<FromClaimAttribute>() is null
                && p.GetCustomAttribute<DontBindAttribute>() is null
                && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always });

    private static PropertyInfo? FindRouteProperty(Type type, string routeName) =>
        BindableProperties(type).FirstOrDefault(p => MatchesRouteName(p, routeName));

    /// <summary>FastEndpoints binds <c>{jobId}</c> to <c>JobId</c>, and <c>[BindFrom("job_id")]</c> by that name.</summary>
    private static bool MatchesRouteName(PropertyInfo property, string routeName)
    {
        var bindFrom = property.GetCustomAttribute<BindFromAttribute>()?.Name;
        return string.Equals(bindFrom ?? property.Name, routeName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(ApiJson.Name(property.Name), routeName, StringComparison.OrdinalIgnoreCase);
    }
}
