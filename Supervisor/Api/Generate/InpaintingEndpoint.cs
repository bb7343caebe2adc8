using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><c>POST /api/generate/inpainting</c>: repaint the white part of <c>mask_image</c> in <c>source_image</c>.</summary>
public sealed class InpaintingEndpoint(GenerationService generation, ImageInputReader images) : SubmitEndpoint<InpaintingRequest>(generation, images)
{
    public override void Configure() => Describe("/generate/inpainting", "Queue an inpainting job");

    protected override async Task<GenerationDraft?> DraftAsync(InpaintingRequest req, RequestImages read, CancellationToken ct) =>
        await read.ReadAsync("source_image", req.SourceImage, ct) && await read.ReadAsync("mask_image", req.MaskImage, ct)
            ? new GenerationDraft
            {
                Type = JobType.Inpainting,
                Parameters = req.ToParameters(),
                InitImage = read["source_image"],
                MaskImage = read["mask_image"],
                InvertMask = req.InvertMask,
            }
            : null;
}
