using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/progress</c>: the running job's progress in A1111's shape; <c>?skip_current_image=true</c> leaves the preview out.</summary>
public sealed class A1111ProgressEndpoint(A1111ProgressReader progressReader) : EndpointWithoutRequest<A1111Progress>
{
    public override void Configure()
    {
        Get("/progress");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 progress of the running generation");
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var skip = bool.TryParse(Query<string>("skip_current_image", isRequired: false), out var value) && value;
        return Send.OkAsync(progressReader.Read(skip), ct);
    }
}
