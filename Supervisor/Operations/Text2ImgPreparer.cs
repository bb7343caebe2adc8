using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// The checks a text2img request gets after its body validated: shared by submit and <c>/api/validate</c> so
/// both refuse exactly the same requests. An unknown model is refused now, naming what exists; a known one is
/// stored by its catalog id.
/// </summary>
public sealed class Text2ImgPreparer(ModelSelection models)
{
    public async Task<Text2ImgPreparation> PrepareAsync(GenerationParameters parameters, CancellationToken cancellationToken)
    {
        var model = await models.ForJobAsync(parameters.Model, cancellationToken);
        return model.Accepted
            ? new Text2ImgPreparation(parameters with { Model = model.ModelId }, null, null)
            : new Text2ImgPreparation(null, "model", model.Error);
    }
}
