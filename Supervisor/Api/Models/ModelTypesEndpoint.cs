using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed record ModelTypeResponse(string Name, int Value, string Description, string Folder, IReadOnlyList<string> Aliases, IReadOnlyList<string> Extensions);

/// <summary><see cref="ConvertTypes"/>: the output types <c>POST /api/models/convert</c> takes (the web UI's quantization picker).</summary>
public sealed record ModelTypesResponse(IReadOnlyList<ModelTypeResponse> Types, IReadOnlyList<string> ConvertTypes);

/// <summary><c>GET /api/models/types</c>: the model types (the seed's values), their folders and extensions.</summary>
public sealed class ModelTypesEndpoint : EndpointWithoutRequest<ModelTypesResponse>
{
    public override void Configure()
    {
        Get("/models/types");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Model types: what each is for, its folder and extensions");
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new ModelTypesResponse(ModelLayout.Folders
            .Select(f => new ModelTypeResponse(ModelLayout.TypeName(f.Type), (int)f.Type, ModelTypeDescriptions.Of(f.Type), f.Name, f.Aliases, f.Extensions))
            .ToList(), ConvertTypes.Names), ct);
}
