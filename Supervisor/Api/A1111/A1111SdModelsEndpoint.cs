using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/sd-models</c>: the checkpoints a job can run, as A1111 lists them.</summary>
public sealed class A1111SdModelsEndpoint(A1111Catalog catalog) : EndpointWithoutRequest<IReadOnlyList<A1111SdModel>>
{
    public override void Configure()
    {
        Get("/sd-models");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 checkpoint list");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await catalog.CheckpointsAsync(ct), ct);
}
