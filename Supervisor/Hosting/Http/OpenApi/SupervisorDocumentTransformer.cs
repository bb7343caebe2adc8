using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>The document's title, version, servers (as reached, no trailing <c>/</c>, which clients would double before each path) and tag list (one per API area, described).</summary>
public sealed class SupervisorDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var assembly = typeof(SupervisorDocumentTransformer).Assembly;
        document.Info = new OpenApiInfo
        {
            Title = "sd-supervised",
            Version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                ?? assembly.GetName().Version?.ToString() ?? "1.0.0",
            Description = "REST API for stable-diffusion.cpp image generation with supervised worker processes. " +
                "JSON names are snake_case; every error of the seed API is `{status, error, message, errors?}`, A1111's adds `detail`, OpenAI's is `{error: {message, type, param, code}}`; every response carries `X-Request-Id`.",
        };

        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
                server.Url = url.TrimEnd('/');

        // Tags in use, known areas first in their order, then any new area alphabetically.
        var used = document.Paths?.Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal) ?? [];
        var tags = ApiTags.Known.Where(k => used.Contains(k.Name)).Select(k => new OpenApiTag { Name = k.Name, Description = k.Description })
            .Concat(used.Where(u => ApiTags.Known.All(k => k.Name != u)).Order(StringComparer.Ordinal).Select(u => new OpenApiTag { Name = u }));
        document.Tags = new HashSet<OpenApiTag>(tags);

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiSecurity.Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT or API key",
                Description = "An API key (sds_...) or an access token from POST /api/auth/login.",
            },
            [ApiSecurity.ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-API-Key", Description = "An API key.",
            },
            [ApiSecurity.Basic] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "basic", Description = "Any user name, an API key as the password (A1111 clients' --api-auth).",
            },
        };
        return Task.CompletedTask;
    }
}
