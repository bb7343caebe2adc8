using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/hypernetworks</c>: empty: stable-diffusion.cpp has no hypernetworks.</summary>
public sealed class A1111HypernetworksEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111Hypernetwork>>
{
    public override void Configure()
    {
        Get("/hypernetworks");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 hypernetworks (none)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync([], ct);
}
