using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/script-info</c>: empty, as <c>scripts</c> is.</summary>
public sealed class A1111ScriptInfoEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111ScriptInfo>>
{
    public override void Configure()
    {
        Get("/script-info");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 script details (none)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync([], ct);
}
