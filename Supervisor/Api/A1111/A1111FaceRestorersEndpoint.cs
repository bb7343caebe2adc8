using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/face-restorers</c>: empty, truthfully: there is no face restorer; <c>restore_faces</c> is ignored.</summary>
public sealed class A1111FaceRestorersEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111FaceRestorer>>
{
    public override void Configure()
    {
        Get("/face-restorers");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 face restorers (none)");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync([], ct);
}
