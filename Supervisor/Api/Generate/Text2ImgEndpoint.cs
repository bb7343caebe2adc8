using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><c>POST /api/generate/text2img</c>: queue a text-to-image job.</summary>
public sealed class Text2ImgEndpoint(GenerationService generation, ImageInputReader images) : SubmitEndpoint<Text2ImgRequest>(generation, images)
{
    public override void Configure() => Describe("/generate/text2img", "Queue a text-to-image job");

    protected override Task<GenerationDraft?> DraftAsync(Text2ImgRequest req, RequestImages read, CancellationToken ct) =>
        Task.FromResult<GenerationDraft?>(new GenerationDraft { Type = JobType.Text2Img, Parameters = req.ToParameters() });
}
