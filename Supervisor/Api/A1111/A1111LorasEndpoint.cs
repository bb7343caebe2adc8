using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/loras</c>: the LoRA files (a prompt uses them as <c>&lt;lora:name:weight&gt;</c>).</summary>
public sealed class A1111LorasEndpoint(A1111Catalog catalog) : EndpointWithoutRequest<IReadOnlyList<A1111Lora>>
{
    public override void Configure()
    {
        Get("/loras");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 LoRA list");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await catalog.LorasAsync(ct), ct);
}
