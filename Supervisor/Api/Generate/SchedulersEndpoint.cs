using FastEndpoints;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>One noise schedule.</summary>
public sealed record SchedulerOption(string Name, string Description);

/// <summary><see cref="Default"/> is null: a job that names no scheduler gets the model's own.</summary>
public sealed record SchedulersResponse(IReadOnlyList<SchedulerOption> Schedulers, string? Default);

/// <summary><c>GET /api/schedulers</c>: the noise schedules of the pinned stable-diffusion.cpp.</summary>
public sealed class SchedulersEndpoint : EndpointWithoutRequest<SchedulersResponse>
{
    private static readonly SchedulersResponse Answer = new(SamplerNames.Schedulers.Select(n => new SchedulerOption(n, SamplerDescriptions.Schedulers[n])).ToList(), null);

    public override void Configure()
    {
        Get("/schedulers");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Schedulers accepted as scheduler, with a description");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Answer, ct);
}
