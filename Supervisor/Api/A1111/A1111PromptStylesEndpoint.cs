using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/prompt-styles</c>: empty: this server keeps no styles, and <c>styles</c> in a request is ignored.</summary>
public sealed class A1111PromptStylesEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111PromptStyle>>
{
    public override void Configure()
    {
        Get("/prompt-styles");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 prompt styles (none)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync([], ct);
}
