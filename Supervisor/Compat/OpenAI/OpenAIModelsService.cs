using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// <c>/v1/models</c>: the catalog's image models (checkpoints and diffusion models that can load) by catalog id, plus
/// the default model when it is not a catalog file (the synthetic engine's), so the list always names what a request
/// without a model runs.
/// </summary>
public sealed class OpenAIModelsService(ModelCatalog catalog, DefaultModelSetting defaultModel, TimeProvider time)
{
    private readonly long _startedAt = time.GetUtcNow().ToUnixTimeSeconds();

    public async Task<OpenAIModelList> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var models = snapshot.Entries.Where(IsImageModel).Select(ToModel).ToList();
        var current = defaultModel.Current;
        if (!models.Any(m => m.Id == current) && snapshot.Find(current).Status != ModelLookupStatus.Found)
            models.Insert(0, new OpenAIModel(current, _startedAt));
        return new OpenAIModelList(models);
    }

    /// <summary>
    /// One model by id (or by name or path, as the catalog resolves them), or an OpenAI model name generations accept
    /// (they run the default model): clients check the model they will ask for before asking. 404 in OpenAI's shape otherwise.
    /// </summary>
    public async Task<OpenAIResult<OpenAIModel>> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (OpenAIModelNames.IsOpenAIModel(id.Trim()))
            return new OpenAIModel(id.Trim().ToLowerInvariant(), _startedAt);
        var list = await ListAsync(cancellationToken);
        if (list.Data.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase)) is { } listed)
            return listed;
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var lookup = snapshot.Find(id);
        if (lookup.Status == ModelLookupStatus.Found && IsImageModel(lookup.Entry!))
            return ToModel(lookup.Entry!);
        return OpenAIErrors.NotFound($"The model '{id}' does not exist on this server; GET /v1/models lists them.", "model", "model_not_found");
    }

    private static bool IsImageModel(ModelEntry entry) =>
        (entry.Type & (ModelType.Checkpoint | ModelType.DiffusionModel)) != 0 && entry.Loading != LoadingMethod.None;

    private static OpenAIModel ToModel(ModelEntry entry) => new(entry.Id, entry.ModifiedAt.ToUnixTimeSeconds());
}
