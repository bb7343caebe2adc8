namespace SdSupervised.Supervisor.Auth;

/// <summary><see cref="IRequester"/> from the current HTTP request.</summary>
public sealed class HttpRequester(IHttpContextAccessor accessor) : IRequester
{
    public AuthPrincipal? Current => accessor.HttpContext is { } context ? context.Principal() : null;
}
