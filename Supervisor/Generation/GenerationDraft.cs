using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// A generation request from any API family (seed, A1111, OpenAI) before the shared checks: models by the names the
/// request gave, seed -1 for random, LoRA tags still in the prompt, input images decoded.
/// </summary>
public sealed record GenerationDraft
{
    /// <summary>Text2Img, Img2Img, Inpainting, ControlNet or Upscale.</summary>
    public JobType Type { get; init; } = JobType.Text2Img;
    /// <summary>Every field but the image file names (<see cref="GenerationParameters.InitImage"/> etc.), which the service fills in.</summary>
    public GenerationParameters Parameters { get; init; } = new();
    public DecodedImage? InitImage { get; init; }
    /// <summary>White = repaint. Resized to the init image's size if it differs.</summary>
    public DecodedImage? MaskImage { get; init; }
    /// <summary>Repaint where the mask is black instead (A1111 <c>inpainting_mask_invert</c>).</summary>
    public bool InvertMask { get; init; }
    public DecodedImage? ControlImage { get; init; }
    /// <summary>For <see cref="JobType.Upscale"/>: the image, and the ESRGAN model name (null: the default) and factor.</summary>
    public DecodedImage? UpscaleImage { get; init; }
    public string? EsrganModel { get; init; }
    public int? UpscaleFactor { get; init; }
    /// <summary>An empty prompt is allowed (A1111 accepts one; the seed API and OpenAI require a prompt).</summary>
    public bool AllowEmptyPrompt { get; init; }
    /// <summary>Set by the service once an upscale request passed its checks (the image file name is filled in at submit).</summary>
    public UpscaleParameters? Upscale { get; init; }
    /// <summary>Reference images (Flux Kontext, Qwen Image Edit), at their own size.</summary>
    public IReadOnlyList<DecodedImage> RefImages { get; init; } = [];
    /// <summary>PhotoMaker's ID images, at their own size.</summary>
    public IReadOnlyList<DecodedImage> PmIdImages { get; init; } = [];

    /// <summary>The request the job will hold: the upscale's once it passed its checks, else the image generation's.</summary>
    public JobRequest Request => Type == JobType.Upscale
        ? Upscale ?? throw new InvalidOperationException("an upscale draft has no upscale request before it is prepared")
        : Parameters;
}
