using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><c>POST /api/generate/img2img</c>: queue a job that starts from <c>init_image</c>.</summary>
public sealed class Img2ImgEndpoint(GenerationService generation, ImageInputReader images) : SubmitEndpoint<Img2ImgRequest>(generation, images)
{
    public override void Configure() => Describe("/generate/img2img", "Queue an image-to-image job");

    protected override async Task<GenerationDraft?> DraftAsync(Img2ImgRequest req, RequestImages read, CancellationToken ct) =>
        await read.ReadAsync("init_image", req.InitImage, ct)
            ? new GenerationDraft { Type = JobType.Img2Img, Parameters = req.ToParameters(), InitImage = read["init_image"] }
            : null;
}
