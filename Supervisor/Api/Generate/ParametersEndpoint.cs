using FastEndpoints;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Api.Generate;

public sealed record ParametersResponse(IReadOnlyList<ParameterDescriptor> Parameters);

/// <summary><c>GET /api/parameters</c>: every field of every generation mode with its type, range, default and modes, as this server's limits set them.</summary>
public sealed class ParametersEndpoint(Text2ImgParameterTable table, VideoParameterTable video) : EndpointWithoutRequest<ParametersResponse>
{
    public override void Configure()
    {
        Get("/parameters");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Generation parameters, ranges and defaults");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new ParametersResponse([.. table.Describe(), .. video.Describe()]), ct);
}
