using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/options</c>: the A1111 options this server has (sd_model_checkpoint is the default model).</summary>
public sealed class A1111GetOptionsEndpoint(A1111OptionsService optionsService) : EndpointWithoutRequest<IReadOnlyDictionary<string, object?>>
{
    public override void Configure()
    {
        Get("/options");
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 options");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await optionsService.GetAsync(ct), ct);
}
