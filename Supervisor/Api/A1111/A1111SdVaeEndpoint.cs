using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/sd-vae</c>: the VAE files, as A1111 lists them.</summary>
public sealed class A1111SdVaeEndpoint(A1111Catalog catalog) : EndpointWithoutRequest<IReadOnlyList<A1111SdVae>>
{
    public override void Configure()
    {
        Get("/sd-vae");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 VAE list");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await catalog.VaesAsync(ct), ct);
}
