using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/upscalers</c>: the built-in resizers and the ESRGAN models (for hr_upscaler and upscaler_1).</summary>
public sealed class A1111UpscalersEndpoint(A1111Catalog catalog) : EndpointWithoutRequest<IReadOnlyList<A1111Upscaler>>
{
    public override void Configure()
    {
        Get("/upscalers");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 upscaler list");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await catalog.UpscalersAsync(ct), ct);
}
