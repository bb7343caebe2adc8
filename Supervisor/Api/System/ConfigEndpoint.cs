using SdSupervised.Supervisor.Auth;
using System.Text.Json.Nodes;
using FastEndpoints;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Api.System;

/// <summary><c>GET /api/config</c>: the effective configuration (all sources applied), secrets redacted.</summary>
public sealed class ConfigEndpoint(EffectiveConfiguration configuration) : EndpointWithoutRequest<JsonObject>
{
    public override void Configure()
    {
        Get("/config");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Effective configuration");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(configuration.Get(), ct);
}
