using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/memory</c>: this machine's RAM; GPU memory is per worker in <c>GET /api/status</c>.</summary>
public sealed class A1111MemoryEndpoint(A1111SystemInfo system) : EndpointWithoutRequest<A1111Memory>
{
    public override void Configure()
    {
        Get("/memory");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 memory usage");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(system.Memory(), ct);
}
