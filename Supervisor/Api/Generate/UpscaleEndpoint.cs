using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><c>POST /api/generate/upscale</c>: queue an ESRGAN upscale of <c>image</c>.</summary>
public sealed class UpscaleEndpoint(GenerationService generation, ImageInputReader images) : SubmitEndpoint<UpscaleRequest>(generation, images)
{
    public override void Configure() => Describe("/generate/upscale", "Queue an ESRGAN upscale job");

    protected override async Task<GenerationDraft?> DraftAsync(UpscaleRequest req, RequestImages read, CancellationToken ct) =>
        await read.ReadAsync("image", req.Image, ct)
            ? new GenerationDraft
            {
                Type = JobType.Upscale,
                UpscaleImage = read["image"],
                EsrganModel = req.EsrganModel,
                UpscaleFactor = req.UpscaleFactor,
            }
            : null;
}
