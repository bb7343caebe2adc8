using FastEndpoints;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

public sealed record NamedOption(string Name);

/// <summary><see cref="Default"/> is null: a job that names no sampler gets the model's own.</summary>
public sealed record SamplersResponse(IReadOnlyList<NamedOption> Samplers, string? Default);

/// <summary><c>GET /api/samplers</c>: the sampling methods of the pinned stable-diffusion.cpp.</summary>
public sealed class SamplersEndpoint : EndpointWithoutRequest<SamplersResponse>
{
    private static readonly SamplersResponse Answer = new(SamplerNames.SamplingMethods.Select(n => new NamedOption(n)).ToList(), null);

    public override void Configure()
    {
        Get("/samplers");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Sampling methods accepted as sampling_method");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(Answer, ct);
}
