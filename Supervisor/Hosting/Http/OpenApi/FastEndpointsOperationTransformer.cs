using System.Reflection;
using System.Text.Json.Serialization;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// Completes what ApiExplorer sees of an endpoint. FastEndpoints endpoints reach it as minimal-API routes whose
/// only parameter is the request DTO, filed as a body even for GET; this puts route and query fields where they
/// are bound, takes the summary from FastEndpoints' <see cref="EndpointDefinition"/>, tags by area, completes the
/// success answers (<see cref="SuccessResponses"/>) and documents every error status from <see cref="OperationErrors"/>
/// in its family's error shape.
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

        // The DTO is bound from the route and query on these methods, never from a body. An endpoint that reads its body
        // itself (A1111, OpenAI) declares what it reads with RequestBodyMetadata.
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (bodyless || requestType is null) operation.RequestBody = null;
        if (!bodyless && metadata.OfType<RequestBodyMetadata>().FirstOrDefault() is { } body)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [body.ContentType] = new() { Schema = await SchemaFor(body.Type, context, cancellationToken) },
                },
            };
        var hasBody = operation.RequestBody is not null;
        var hasJsonBody = operation.RequestBody?.Content?.Keys.Any(k => k.Contains("json", StringComparison.OrdinalIgnoreCase)) == true;
        var family = ApiFamilies.Of(new PathString(path));
        var queuesJobs = definition?.ResDtoType == typeof(SubmitJobResponse);
        var submitsJobs = queuesJobs || metadata.OfType<SubmitsJobsMetadata>().Any();
        var waitsForJob = metadata.OfType<SubmitsJobsMetadata>().Any(m => m.Waits);
        var policy = Auth.RoutePolicies.PolicyOf(metadata);

        await SuccessResponses.ApplyAsync(operation, context, metadata, queuesJobs, cancellationToken);
        var shape = new OperationShape(family, HasInput: requestType is not null || routeNames.Count > 0 || hasBody, HasPathParameters: routeNames.Count > 0,
            HasBody: hasBody, RequiresJson: hasJsonBody && path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase), SubmitsJobs: submitsJobs,
            WaitsForJob: waitsForJob, Protected: policy != Auth.RoutePolicies.Public);
        ApiSecurity.Apply(operation, document, policy);
        await AddErrorResponses(operation, context, shape, metadata, cancellationToken);
    }

    /// <summary>
    /// The table's statuses for the operation's shape, plus any 4xx/5xx the endpoint declares itself, all with the family's
    /// error body. What FastEndpoints declared for errors by default (its ErrorResponse, bare 401/403) is not what the
    /// server sends and is replaced.
    /// </summary>
    private static async Task AddErrorResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, OperationShape shape,
        IList<object> metadata, CancellationToken ct)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var errorType = OperationErrors.BodyOf(shape.Family);
        var schemaId = errorType.Name;
        if (!document.Components.Schemas.ContainsKey(schemaId))
            document.AddComponent(schemaId, await context.GetOrCreateSchemaAsync(errorType, null, ct));

        operation.Responses ??= new OpenApiResponses();
        var declared = metadata.OfType<IProducesResponseTypeMetadata>()
            .Where(p => p.StatusCode >= 400 && (p.Type is null || p.Type == typeof(void)))
            // FastEndpoints declares 403 for every endpoint of a group with a policy, public ones too: the table knows which need it.
            .Select(p => p.StatusCode).Where(s => s != 403).ToHashSet();
        foreach (var key in operation.Responses.Keys.Where(k => k.Length == 3 && k[0] is '4' or '5').ToList())
            operation.Responses.Remove(key);
        var errors = OperationErrors.For(shape).ToList();
        errors.AddRange(declared.Where(s => errors.All(e => e.Status != s)).Select(s => (s, OperationErrors.Describe(s))));
        foreach (var (status, text) in errors.OrderBy(e => e.Status))
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
        // In status order: a removed key's slot is reused, which would shuffle them.
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (key, response) in sorted)
            operation.Responses[key] = response;
    }

    private static Task<OpenApiSchema> SchemaFor(Type type, OpenApiOperationTransformerContext context, CancellationToken ct) =>
        context.GetOrCreateSchemaAsync(type, null, ct);

    private static IEnumerable<PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<HideFromDocsAttribute>() is null
                && p.GetCustomAttribute<FromClaimAttribute>() is null
                // [QueryParam] is a DontBind (not from the JSON body): it is bound, from the query.
                && p.GetCustomAttribute<DontBindAttribute>() is null or QueryParamAttribute
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
