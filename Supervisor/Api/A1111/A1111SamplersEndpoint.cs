using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/samplers</c>: A1111's sampler names this server runs (ours as aliases), then ours it lacks.</summary>
public sealed class A1111SamplersEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111SamplerItem>>
{
    private static readonly IReadOnlyList<A1111SamplerItem> Answer = A1111SamplerListing.Samplers();

    public override void Configure()
    {
        Get("/samplers");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 sampler list");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Answer, ct);
}
