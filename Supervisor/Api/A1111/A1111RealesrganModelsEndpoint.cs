using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/realesrgan-models</c>: the catalog's ESRGAN models.</summary>
public sealed class A1111RealesrganModelsEndpoint(A1111Catalog catalog) : EndpointWithoutRequest<IReadOnlyList<A1111RealesrganModel>>
{
    public override void Configure()
    {
        Get("/realesrgan-models");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 Real-ESRGAN models");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await catalog.RealesrganModelsAsync(ct), ct);
}
