using SdSupervised.Contracts;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// Turns a stored job into the worker's call: its input images read back from the job's input folder, every catalog
/// id it names (VAE, LoRAs, ControlNet, ESRGAN) resolved to a path now, since a file may have gone since submit.
/// A problem is the failure the job ends with (a missing companion file is a model-load failure, an unreadable input
/// image a generation failure), never an exception.
/// </summary>
public sealed partial class JobInputs(InputImageStore images, CompanionModelLookup companions, Microsoft.Extensions.Options.IOptions<Configuration.SupervisorOptions> options)
{
    /// <summary>The load spec with the job's VAE override; the override is part of the loaded-model key, so a worker reloads for it.</summary>
    public async Task<(ModelLoadSpec? Spec, WorkerFailure? Error)> WithVaeAsync(ModelLoadSpec spec, string? vae, CancellationToken cancellationToken)
    {
        if (vae is null)
            return (spec, null);
        var (path, error) = await companions.PathOfAsync(vae, CompanionUse.Vae, cancellationToken);
        return path is null ? (null, Missing(error!)) : (spec with { VaePath = path, ModelId = $"{spec.ModelId}+vae:{vae}" }, null);
    }

    /// <summary>
    /// The load spec with what an image job adds to the model: its VAE override, its TAESD and its PhotoMaker weights.
    /// Each is part of the loaded-model key (<c>+vae:</c>, <c>+taesd:</c>, <c>+pm:</c>), so a worker holding the plain model
    /// reloads for them and keeps them loaded for the next job that asks the same.
    /// </summary>
    public async Task<(ModelLoadSpec? Spec, WorkerFailure? Error)> WithCompanionsAsync(ModelLoadSpec spec, GenerationParameters p, CancellationToken cancellationToken)
    {
        var (withVae, error) = await WithVaeAsync(spec, p.Vae, cancellationToken);
        if (withVae is null)
            return (withVae, error);
        var result = withVae;
        if (p.Taesd is { } taesd)
        {
            var (path, taesdError) = await companions.PathOfAsync(taesd, CompanionUse.Taesd, cancellationToken);
            if (path is null)
                return (null, Missing(taesdError!));
            result = result with { TaesdPath = path, ModelId = $"{result.ModelId}+taesd:{taesd}" };
        }
        if (p.Photomaker is { } photoMaker)
        {
            var (path, missing) = await companions.PathOfAsync(photoMaker, CompanionUse.PhotoMaker, cancellationToken);
            if (path is null)
                return (null, Missing(missing!));
            result = result with { PhotoMakerPath = path, ModelId = $"{result.ModelId}+pm:{photoMaker}" };
        }
        return (result, null);
    }

    public async Task<(ImageGenerationSpec? Spec, WorkerFailure? Error)> BuildSpecAsync(Job job, CancellationToken cancellationToken)
    {
        var p = job.RequestAs<GenerationParameters>();
        FaultSpec? fault = null;
        if (p.Fault is { } name && FaultNames.All.TryGetValue(name, out var kind) && (p.FaultAttempts is null || job.Attempts <= p.FaultAttempts))
            fault = new FaultSpec { Kind = kind, Step = p.FaultStep };

        var (init, initError) = await RawAsync(job.Id, p.InitImage, 3, cancellationToken);
        var (mask, maskError) = await RawAsync(job.Id, p.MaskImage, 1, cancellationToken);
        var (control, controlError) = await RawAsync(job.Id, p.ControlImage, 3, cancellationToken);
        if ((initError ?? maskError ?? controlError) is { } imageError)
            return (null, Unreadable(imageError));
        var (refImages, refError) = await RawListAsync(job.Id, p.RefImages, cancellationToken);
        var (idImages, idError) = await RawListAsync(job.Id, p.PmIdImages, cancellationToken);
        if ((refError ?? idError) is { } listError)
            return (null, Unreadable(listError));
        PhotoMakerSpec? photoMaker = null;
        if (p.Photomaker is not null)
        {
            string? embedPath = null;
            if (p.PmIdEmbedPath is { } embed)
            {
                (embedPath, var embedError) = companions.DataFile(embed);
                if (embedError is not null)
                    return (null, Missing($"pm_id_embed_path: {embedError}"));
            }
            photoMaker = new PhotoMakerSpec { IdImages = [.. idImages], IdEmbedPath = embedPath, StyleStrength = p.PmStyleStrength };
        }

        string? controlNetPath = null;
        if (p.ControlNet is { } controlNet)
        {
            (controlNetPath, var error) = await companions.PathOfAsync(controlNet, CompanionUse.ControlNet, cancellationToken);
            if (error is not null)
                return (null, Missing(error));
        }
        var loras = new List<LoraSpec>();
        foreach (var lora in p.Loras)
        {
            var (path, error) = await companions.PathOfAsync(lora.Name, CompanionUse.Lora, cancellationToken);
            if (error is not null)
                return (null, Missing(error));
            loras.Add(new LoraSpec { Path = path!, Multiplier = lora.Weight });
        }
        HiresFixSpec? hires = null;
        if (p.Hires is { } h)
        {
            string? upscaler = h.Upscaler is null ? null : HiresUpscalers.BuiltIn(h.Upscaler);
            string? modelPath = null;
            if (h.Upscaler is not null && upscaler is null)
            {
                (modelPath, var error) = await companions.PathOfAsync(h.Upscaler, CompanionUse.Upscaler, cancellationToken);
                if (error is not null)
                    return (null, Missing(error));
                upscaler = HiresUpscalers.ModelUpscaler;
            }
            var (width, height) = GenerationParametersValidator.HiresSize(p);
            hires = new HiresFixSpec
            {
                Upscaler = upscaler ?? "Latent",
                ModelPath = modelPath,
                Scale = h.Scale,
                TargetWidth = width,
                TargetHeight = height,
                Steps = h.Steps,
                DenoisingStrength = h.DenoisingStrength,
            };
        }

        return (new ImageGenerationSpec
        {
            JobId = job.Id,
            Attempt = job.Attempts,
            Prompt = p.Prompt,
            NegativePrompt = p.NegativePrompt,
            Width = p.Width,
            Height = p.Height,
            Steps = p.Steps,
            CfgScale = p.CfgScale,
            SamplingMethod = p.SamplingMethod,
            Scheduler = p.Scheduler,
            Seed = p.Seed,
            BatchCount = p.BatchCount,
            ClipSkip = p.ClipSkip,
            Fault = fault,
            InitImage = init,
            Strength = init is null ? null : p.Strength ?? DefaultStrength,
            MaskImage = mask,
            ControlImage = control,
            ControlStrength = control is null ? null : p.ControlStrength,
            ControlNetPath = controlNetPath,
            Loras = [.. loras],
            VaeTiling = p.VaeTiling,
            Hires = hires,
            PreviewEverySteps = options.Value.Previews.Enabled ? options.Value.Previews.EverySteps : null,
            RefImages = [.. refImages],
            PhotoMaker = photoMaker,
            ControlCanny = control is not null && p.ControlPreprocess == "canny"
                ? new CannySpec
                {
                    HighThreshold = p.Canny?.HighThreshold,
                    LowThreshold = p.Canny?.LowThreshold,
                    Weak = p.Canny?.Weak,
                    Strong = p.Canny?.Strong,
                    Inverse = p.Canny?.Inverse ?? false,
                }
                : null,
        }, null);
    }

    /// <summary>img2img's strength when the request gives none (the library's and A1111's usual 0.75).</summary>
    public const float DefaultStrength = 0.75f;

    public async Task<(UpscaleSpec? Spec, WorkerFailure? Error)> BuildUpscaleSpecAsync(Job job, CancellationToken cancellationToken)
    {
        var p = job.RequestAs<UpscaleParameters>();
        var (image, imageError) = await RawAsync(job.Id, p.Image, 3, cancellationToken);
        if (image is null)
            return (null, Unreadable(imageError!));
        var modelPath = "";
        if (p.EsrganModel is { } model)
        {
            (var path, var error) = await companions.PathOfAsync(model, CompanionUse.Upscaler, cancellationToken);
            if (path is null)
                return (null, Missing(error!));
            modelPath = path;
        }
        return (new UpscaleSpec { JobId = job.Id, ModelPath = modelPath, Image = image, Factor = p.UpscaleFactor }, null);
    }

    private static WorkerFailure Missing(string error) => new(FailureKind.ModelLoadFailure, error);

    private static WorkerFailure Unreadable(string error) => new(FailureKind.GenerationFailed, error);

    /// <summary>Every stored image of a list field as RGB, in order; the first unreadable one is the error.</summary>
    private async Task<(List<RawImage> Images, string? Error)> RawListAsync(string jobId, IReadOnlyList<string> filenames, CancellationToken cancellationToken)
    {
        var images = new List<RawImage>();
        foreach (var filename in filenames)
        {
            var (image, error) = await RawAsync(jobId, filename, 3, cancellationToken);
            if (image is null)
                return (images, error);
            images.Add(image);
        }
        return (images, null);
    }

    private async Task<(RawImage? Image, string? Error)> RawAsync(string jobId, string? filename, int channels, CancellationToken cancellationToken)
    {
        if (filename is null)
            return (null, null);
        var (image, error) = await images.LoadAsync(jobId, filename, cancellationToken);
        return image is null ? (null, error) : (ImageCodec.ToRaw(image, channels), null);
    }
}
