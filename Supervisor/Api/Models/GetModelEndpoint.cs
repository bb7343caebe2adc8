using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.Models;

public sealed class GetModelRequest
{
    public string ModelId { get; set; } = "";
}

/// <summary><c>GET /api/models/{model_id}</c>: one model, by id, relative path or file name, with detection and companions.</summary>
public sealed class GetModelEndpoint(ModelService models, ModelHasher hasher) : Endpoint<GetModelRequest, ModelDetailResponse>
{
    public override void Configure()
    {
        Get("/models/{modelId}");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Get a model");
    }

    public override async Task HandleAsync(GetModelRequest req, CancellationToken ct)
    {
        var lookup = await models.FindAsync(req.ModelId, ct);
        if (lookup.Entry is not { } entry)
        {
            await Send.ResultAsync(ModelApiResults.ForLookup(lookup));
            return;
        }
        await Send.OkAsync(entry.ToDetail(models.Catalog.Current, models.LoadedOn(entry.Id), hasher.Cached(entry)), ct);
    }
}
