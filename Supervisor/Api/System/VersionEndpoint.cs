using System.Reflection;
using FastEndpoints;
using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Api.System;

public sealed record VersionResponse(string Version, int ProtocolVersion, string Runtime);

/// <summary><c>GET /api/version</c>.</summary>
public sealed class VersionEndpoint : EndpointWithoutRequest<VersionResponse>
{
    private static readonly string ProductVersion =
        typeof(VersionEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public override void Configure()
    {
        Get("/version");
        Group<ApiGroup>();
        AllowAnonymous();
        Summary(s => s.Summary = "Server version");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new VersionResponse(ProductVersion, WorkerProtocol.Version, global::System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription), ct);
}
