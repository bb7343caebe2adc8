using FastEndpoints;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>One sampling method; see <see cref="SamplerDescription"/> for the properties.</summary>
public sealed record SamplerOption(string Name, string Description, bool Stochastic, int EvaluationsPerStep);

/// <summary><see cref="Default"/> is null: a job that names no sampler gets the model's own.</summary>
public sealed record SamplersResponse(IReadOnlyList<SamplerOption> Samplers, string? Default);

/// <summary><c>GET /api/samplers</c>: the sampling methods of the pinned stable-diffusion.cpp.</summary>
public sealed class SamplersEndpoint : EndpointWithoutRequest<SamplersResponse>
{
    private static readonly SamplersResponse Answer = new(SamplerNames.SamplingMethods
        .Select(n => (Name: n, About: SamplerDescriptions.Samplers[n]))
        .Select(s => new SamplerOption(s.Name, s.About.Description, s.About.Stochastic, s.About.EvaluationsPerStep))
        .ToList(), null);

    public override void Configure()
    {
        Get("/samplers");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Sampling methods accepted as sampling_method, with a description, whether each adds noise every step, and its model evaluations per step");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Answer, ct);
}
