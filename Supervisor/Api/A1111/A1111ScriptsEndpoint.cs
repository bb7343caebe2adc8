using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/scripts</c>: no scripts on either tab (<c>script_name</c> is ignored).</summary>
public sealed class A1111ScriptsEndpoint : EndpointWithoutRequest<A1111ScriptsList>
{
    public override void Configure()
    {
        Get("/scripts");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 scripts (none)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new A1111ScriptsList([], []), ct);
}
