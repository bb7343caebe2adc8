using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/cmd-flags</c>: the A1111 flags that mean something here, with this server's values (not its secrets: auth is not shown).</summary>
public sealed class A1111CmdFlagsEndpoint(A1111SystemInfo system) : EndpointWithoutRequest<IReadOnlyDictionary<string, object?>>
{
    public override void Configure()
    {
        Get("/cmd-flags");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 command-line flags");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(system.CmdFlags(), ct);
}
