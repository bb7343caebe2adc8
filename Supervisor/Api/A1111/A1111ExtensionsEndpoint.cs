using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/extensions</c>: empty: there is no extension mechanism.</summary>
public sealed class A1111ExtensionsEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111Extension>>
{
    public override void Configure()
    {
        Get("/extensions");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 extensions (none)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync([], ct);
}
