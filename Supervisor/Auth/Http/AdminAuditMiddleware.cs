using FastEndpoints;

namespace SdSupervised.Supervisor.Auth.Http;

/// <summary>
/// The audit trail of admin actions (workers, models, system, keys, users): every unsafe request to an admin route is
/// logged with its principal, address and outcome. Done here once, from the route's declared policy, so a new admin
/// endpoint is audited without remembering to.
/// </summary>
public sealed class AdminAuditMiddleware(RequestDelegate next, ILogger<AdminAuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) return;
        var definition = context.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>();
        if (definition?.PreBuiltUserPolicies?.Contains(AuthPolicies.Admin) != true) return;
        var principal = AuthPrincipal.From(context.User);
        logger.LogInformation("Audit: {Principal} ({Role}) from {ClientAddress}: {HttpMethod} {Path} answered {StatusCode}",
            principal?.Name ?? "anonymous", principal?.Role ?? "none", context.Connection.RemoteIpAddress?.ToString(),
            context.Request.Method, context.Request.Path.Value, context.Response.StatusCode);
    }
}
