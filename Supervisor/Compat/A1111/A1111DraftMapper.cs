using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// An A1111 txt2img/img2img request as a <see cref="GenerationDraft"/>: A1111's names and defaults to ours. Only what
/// A1111 spells differently is checked here (sampler names, override types, batch factors); limits, models and LoRA
/// tags are the shared service's checks.
/// </summary>
public static class A1111DraftMapper
{
    public static (GenerationDraft? Draft, A1111Failure? Failure) Map(A1111GenerationRequest request, DecodedImage? initImage = null, DecodedImage? mask = null)
    {
        var sampler = A1111Samplers.Resolve(string.IsNullOrWhiteSpace(request.SamplerName) ? request.SamplerIndex : request.SamplerName, request.Scheduler);
        if (!sampler.Accepted)
            return (null, A1111Errors.Invalid(sampler.Field!, sampler.Error!));
        var (settings, settingsFailure) = A1111OverrideSettings.Read(request.OverrideSettings);
        if (settingsFailure is not null)
            return (null, settingsFailure);

        var batchSize = request.BatchSize ?? 1;
        var iterations = request.NIter ?? 1;
        if (batchSize < 1)
            return (null, A1111Errors.Invalid("batch_size", $"batch_size must be at least 1 (got {batchSize})."));
        if (iterations < 1)
            return (null, A1111Errors.Invalid("n_iter", $"n_iter must be at least 1 (got {iterations})."));

        var isImg2Img = request is A1111Img2ImgRequest;
        var parameters = new GenerationParameters
        {
            Prompt = request.Prompt ?? "",
            NegativePrompt = request.NegativePrompt ?? "",
            Width = request.Width ?? A1111Defaults.Size,
            Height = request.Height ?? A1111Defaults.Size,
            Steps = request.Steps ?? A1111Defaults.Steps,
            CfgScale = request.CfgScale ?? A1111Defaults.CfgScale,
            SamplingMethod = sampler.Sampler,
            Scheduler = sampler.Scheduler,
            Seed = request.Seed,
            // A1111 makes batch_size images per iteration, n_iter times: our batch is all of them.
            BatchCount = (int)Math.Min(int.MaxValue, (long)batchSize * iterations),
            Model = settings!.Checkpoint,
            Vae = settings.Vae,
            ClipSkip = settings.ClipSkip,
            Strength = isImg2Img ? request.DenoisingStrength ?? A1111Defaults.Img2ImgDenoisingStrength : null,
            Hires = !isImg2Img && request.EnableHr == true ? Hires(request) : null,
        };
        var img2img = request as A1111Img2ImgRequest;
        var draft = new GenerationDraft
        {
            Type = !isImg2Img ? JobType.Text2Img : mask is null ? JobType.Img2Img : JobType.Inpainting,
            Parameters = parameters,
            AllowEmptyPrompt = true,
            InitImage = initImage,
            MaskImage = mask,
            InvertMask = img2img?.InpaintingMaskInvert ?? false,
        };
        return (draft, null);
    }

    /// <summary>A1111's hires fix: an explicit target size (hr_resize_x/y) wins over hr_scale; 0 means "not given".</summary>
    private static HiresParameters Hires(A1111GenerationRequest request)
    {
        int? resizeX = request.HrResizeX is > 0 ? request.HrResizeX : null;
        int? resizeY = request.HrResizeY is > 0 ? request.HrResizeY : null;
        return new HiresParameters
        {
            Upscaler = string.IsNullOrWhiteSpace(request.HrUpscaler) ? null : request.HrUpscaler.Trim(),
            Scale = resizeX is null && resizeY is null ? request.HrScale ?? A1111Defaults.HiresScale : null,
            Width = resizeX,
            Height = resizeY,
            Steps = request.HrSecondPassSteps is > 0 ? request.HrSecondPassSteps : null,
            DenoisingStrength = request.DenoisingStrength,
        };
    }
}
