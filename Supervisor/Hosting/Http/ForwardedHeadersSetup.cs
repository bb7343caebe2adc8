using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Behind a reverse proxy (<c>Sds:Http:KnownProxies</c>): the client's address, scheme and host come from the
/// <c>X-Forwarded-*</c> headers, but only when the connection comes from one of those proxies; from anyone else the
/// headers are ignored, so a client cannot pose as another address (rate limits, audit) or as HTTPS (Secure cookies).
/// Image URLs are built from the request, so they follow the forwarded scheme and host.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static WebApplication UseSupervisorForwardedHeaders(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<SupervisorOptions>>().Value.Http.ResolvedKnownProxies();
        if (proxies.Count == 0) return app;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = 1,
        };
        // The defaults trust loopback; only what is configured is trusted.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var (_, network) in proxies) options.KnownIPNetworks.Add(network!.Value);
        app.UseForwardedHeaders(options);
        return app;
    }
}
