using Microsoft.OpenApi;
using SdSupervised.Supervisor.Auth;

namespace SdSupervised.Supervisor.Hosting.Http.OpenApi;

/// <summary>
/// The security schemes of the document (bearer, X-API-Key, basic) and each operation's requirement, from the same
/// endpoint metadata that the server enforces: a public operation has none, a protected one accepts any of the three.
/// </summary>
public static class ApiSecurity
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";
    public const string Basic = "basic";

    public static void Apply(OpenApiOperation operation, OpenApiDocument document, string policy)
    {
        if (policy == RoutePolicies.Public) return;
        operation.Security = [.. new[] { Bearer, ApiKey, Basic }.Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] })];
        if (policy == RoutePolicies.Admin)
            operation.Description = string.IsNullOrEmpty(operation.Description) ? "Requires the admin role." : operation.Description + "\n\nRequires the admin role.";
    }
}
