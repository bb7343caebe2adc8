using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/latent-upscale-modes</c>: the latent upscalers a hires pass takes as <c>hr_upscaler</c>.</summary>
public sealed class A1111LatentUpscaleModesEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111NamedItem>>
{
    public override void Configure()
    {
        Get("/latent-upscale-modes");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 latent upscale modes");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(A1111Catalog.LatentUpscaleModes(), ct);
}
