using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/schedulers</c>: A1111's schedulers this server runs, then ours it lacks.</summary>
public sealed class A1111SchedulersEndpoint : EndpointWithoutRequest<IReadOnlyList<A1111SchedulerItem>>
{
    private static readonly IReadOnlyList<A1111SchedulerItem> Answer = A1111SamplerListing.Schedulers();

    public override void Configure()
    {
        Get("/schedulers");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 scheduler list");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Answer, ct);
}
