using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Api.System;

/// <summary><c>GET /api/system</c>: OS, CPU, memory, GPUs, runtime, engine and worker count.</summary>
public sealed class SystemInfoEndpoint(SystemInfoService system) : EndpointWithoutRequest<SystemReport>
{
    public override void Configure()
    {
        Get("/system");
        Group<ApiGroup>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "Host and service description");
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await system.GetAsync(ct), ct);
}
