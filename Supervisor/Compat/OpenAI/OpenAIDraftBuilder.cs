using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// An OpenAI images request as a <see cref="GenerationDraft"/>: <c>n</c> is the batch count, OpenAI model names mean
/// the default model, and what the request leaves out comes from the model's recommended settings (a Flux model wants
/// another cfg_scale than SD 1.5), else from the server's defaults.
/// </summary>
public static class OpenAIDraftBuilder
{
    /// <summary>Edit without a mask: keep the composition, change the details.</summary>
    public const float Img2ImgStrength = 0.75f;
    /// <summary>Edit with a mask: the masked area is replaced, as OpenAI's edits replace it.</summary>
    public const float InpaintingStrength = 1.0f;
    public const int DefaultSide = 512;

    public static GenerationDraft Text2Img(OpenAIImageRequest request, ImageSize size, RecommendedDefaults? defaults) => new()
    {
        Type = JobType.Text2Img,
        Parameters = Parameters(request, size, defaults),
    };

    /// <summary>With a repaint mask (white = repaint) an inpainting job, else img2img of the whole image.</summary>
    public static GenerationDraft Edit(OpenAIImageRequest request, ImageSize size, RecommendedDefaults? defaults, DecodedImage image, DecodedImage? repaintMask)
    {
        var inpainting = repaintMask is not null;
        return new GenerationDraft
        {
            Type = inpainting ? JobType.Inpainting : JobType.Img2Img,
            Parameters = Parameters(request, size, defaults) with
            {
                Strength = request.Strength ?? (inpainting ? InpaintingStrength : Img2ImgStrength),
            },
            InitImage = image,
            MaskImage = repaintMask,
        };
    }

    /// <summary>"auto" for text2img: the model's recommended size, else 512x512.</summary>
    public static ImageSize AutoSize(RecommendedDefaults? defaults) =>
        defaults is null ? new ImageSize(DefaultSide, DefaultSide) : new ImageSize(defaults.Width, defaults.Height);

    private static GenerationParameters Parameters(OpenAIImageRequest request, ImageSize size, RecommendedDefaults? defaults)
    {
        var fallback = new GenerationParameters();
        return new GenerationParameters
        {
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt?.Trim() ?? "",
            Width = size.Width,
            Height = size.Height,
            Steps = request.Steps ?? defaults?.Steps ?? fallback.Steps,
            CfgScale = request.CfgScale ?? defaults?.CfgScale ?? fallback.CfgScale,
            Seed = request.Seed ?? -1,
            BatchCount = request.N,
            Model = OpenAIModelNames.ToCatalogReference(request.Model),
            Fault = string.IsNullOrWhiteSpace(request.Fault) ? null : request.Fault.Trim(),
        };
    }
}
