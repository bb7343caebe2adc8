using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Outputs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// The one path every API family (seed, A1111, OpenAI) submits image jobs through: normalise, take LoRA tags out of
/// the prompt, validate against the limits, resolve every model the request names, refuse when the queue is full,
/// store the input images, then queue. <see cref="ValidateAsync"/> runs the same checks without the last two steps,
/// so a refusal is identical either way.
/// </summary>
public sealed class GenerationService(
    GenerationParametersValidator validator,
    ModelSelection models,
    CompanionModelLookup companions,
    InputImageStore inputs,
    SubmitAdmission admission,
    JobService jobs,
    IOutputStore outputs,
    WorkerPool pool,
    JobEstimator estimator,
    JobPlacement placement,
    Auth.IRequester requester,
    ModelCatalog catalog,
    IOptions<SupervisorOptions> options,
    TaesdSelection taesds)
{
    /// <summary>Largest factor an upscale job may ask for; ESRGAN models are 2x or 4x.</summary>
    public const int MaxUpscaleFactor = 8;
    /// <summary>Largest upscale result edge; the upscaler works in tiles, so this is bounded by memory for the result only.</summary>
    public const int MaxUpscaleEdge = 16384;

    public async Task<SubmitResult> SubmitAsync(GenerationDraft draft, CancellationToken cancellationToken)
    {
        var (prepared, error) = await PrepareAsync(draft, cancellationToken);
        error ??= await PlacementRefusalAsync(prepared!, cancellationToken);
        if (error is not null)
            return new SubmitResult(null, error);

        if (admission.Refusal() is { } refusal)
            return new SubmitResult(null, refusal);

        var owner = requester.Current?.Owner;
        var outcome = await jobs.SubmitAsync(jobs.NewJob(prepared!.Type, prepared.Request), (job, ct) => WithInputsAsync(job, draft, prepared, owner, ct), cancellationToken);
        return outcome.QueueFull is { } full
            ? new SubmitResult(null, SubmitError.QueueFull(full))
            : new SubmitResult(outcome.Job, null);
    }

    /// <summary>The job's final parameters: its owner, a drawn seed, and the input images saved (only once the job has its place in the queue).</summary>
    private async Task<Job> WithInputsAsync(Job job, GenerationDraft draft, GenerationDraft prepared, string? owner, CancellationToken cancellationToken)
    {
        var parameters = prepared.Parameters with { Owner = owner };
        if (parameters.Seed < 0)
            parameters = parameters with { Seed = Random.Shared.NextInt64(0, uint.MaxValue) };
        if (prepared.Type == JobType.Upscale)
        {
            var source = await inputs.SaveAsync(job.Id, "source", draft.UpscaleImage!, cancellationToken);
            return job with { Request = prepared.Upscale! with { Image = source, Owner = owner } };
        }
        else
        {
            // The engines want inputs the size of the output: resize here once, so every engine gets the same pixels.
            if (draft.InitImage is { } init)
                parameters = parameters with { InitImage = await inputs.SaveAsync(job.Id, "init", Fit(init, parameters), cancellationToken) };
            if (draft.MaskImage is { } mask)
                parameters = parameters with { MaskImage = await inputs.SaveAsync(job.Id, "mask", Fit(draft.InvertMask ? Invert(mask) : mask, parameters), cancellationToken) };
            if (draft.ControlImage is { } control)
                parameters = parameters with { ControlImage = await inputs.SaveAsync(job.Id, "control", Fit(control, parameters), cancellationToken) };
            // Reference and ID images keep their own size: the library scales them for the model itself.
            var refs = new List<string>();
            for (var i = 0; i < draft.RefImages.Count; i++)
                refs.Add(await inputs.SaveAsync(job.Id, $"ref-{i}", draft.RefImages[i], cancellationToken));
            var ids = new List<string>();
            for (var i = 0; i < draft.PmIdImages.Count; i++)
                ids.Add(await inputs.SaveAsync(job.Id, $"pm-id-{i}", draft.PmIdImages[i], cancellationToken));
            parameters = parameters with { RefImages = [.. refs], PmIdImages = [.. ids] };
        }
        return job with { Request = parameters };
    }

    public async Task<SubmitResult> ValidateAsync(GenerationDraft draft, CancellationToken cancellationToken)
    {
        var (prepared, error) = await PrepareAsync(draft, cancellationToken);
        error ??= await PlacementRefusalAsync(prepared!, cancellationToken);
        return new SubmitResult(null, error);
    }

    /// <summary>The 422 of a job no slot can ever run: its model pinned away from every slot, or larger than every device.</summary>
    private async Task<SubmitError?> PlacementRefusalAsync(GenerationDraft prepared, CancellationToken cancellationToken)
    {
        if (prepared.Type == JobType.Upscale)
            return null;
        var estimate = await estimator.EstimateAsync(prepared.Type, prepared.Parameters, cancellationToken);
        return placement.Refusal(prepared.Parameters.Model, estimate.MemoryBytes);
    }

    /// <summary>The checks of submit: the job as it would be stored (without image file names), or the 400 naming every bad field.</summary>
    public async Task<(GenerationDraft? Prepared, SubmitError? Error)> PrepareAsync(GenerationDraft draft, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        if (draft.Type == JobType.Upscale)
            return await PrepareUpscaleAsync(draft, errors, Add, cancellationToken);
        if (draft.Type == JobType.Convert)
            throw new ArgumentException("conversions are queued by ModelService, not as generations", nameof(draft));

        var parameters = Normalise(draft.Parameters);
        var (prompt, tagged, tagError) = LoraPromptTags.Extract(parameters.Prompt);
        if (tagError is not null)
            Add("prompt", tagError);
        parameters = parameters with { Prompt = prompt, Loras = [.. tagged, .. parameters.Loras] };

        var context = new FluentValidation.ValidationContext<GenerationParameters>(parameters);
        if (draft.AllowEmptyPrompt)
            context.RootContextData[GenerationParametersValidator.AllowEmptyPrompt] = true;
        foreach (var failure in (await validator.ValidateAsync(context, cancellationToken)).Errors)
            Add(ApiNames.Field(failure.PropertyName), failure.ErrorMessage);
        CheckImages(draft, parameters, Add);
        IdentityInputRules.CheckRequest(draft, parameters, options.Value.Limits, Add);
        admission.CheckGuestLimits(parameters.Width, parameters.Height, parameters.Steps, parameters.BatchCount, Add);
        if (errors.Count > 0)
            return (null, Refusal(errors));

        // Models last: they need the catalog, and a request with bad numbers should hear about those first.
        var model = await models.ForJobAsync(parameters.Model, cancellationToken);
        if (!model.Accepted)
            Add("model", model.Error!);
        parameters = parameters with { Model = model.ModelId };
        if (parameters.Vae is { } vae)
            parameters = parameters with { Vae = await CompanionIdAsync(vae, CompanionUse.Vae, "vae_model", Add, cancellationToken) };
        if (parameters.ControlNet is { } controlNet)
            parameters = parameters with { ControlNet = await CompanionIdAsync(controlNet, CompanionUse.ControlNet, "control_net_model", Add, cancellationToken) };
        var loras = new List<LoraUse>();
        foreach (var lora in parameters.Loras)
            if (await CompanionIdAsync(lora.Name, CompanionUse.Lora, "loras", Add, cancellationToken) is { } id)
                loras.Add(lora with { Name = id });
        parameters = parameters with { Loras = [.. loras] };
        if (parameters.Hires is { Upscaler: { } upscaler } hires)
        {
            var builtIn = HiresUpscalers.BuiltIn(upscaler);
            parameters = parameters with
            {
                Hires = hires with { Upscaler = builtIn ?? await CompanionIdAsync(upscaler, CompanionUse.Upscaler, "hires.upscaler", Add, cancellationToken) },
            };
        }
        if (parameters.Photomaker is { } photoMaker)
            parameters = parameters with { Photomaker = await CompanionIdAsync(photoMaker, CompanionUse.PhotoMaker, "photomaker", Add, cancellationToken) };
        if (parameters.PmIdEmbedPath is { } embed && companions.DataFile(embed).Error is { } embedError)
            Add("pm_id_embed_path", embedError);
        if (parameters.Taesd is { } taesd && model.Accepted)
        {
            var (taesdId, taesdError) = await taesds.ResolveAsync(taesd, parameters.Model, cancellationToken);
            parameters = parameters with { Taesd = taesdId };
            // The request is fine; the catalog has no decoder for it: a 422 of its own when nothing else is wrong.
            if (taesdError is not null && errors.Count == 0)
                return (null, new SubmitError(RefusalKind.Unprocessable, "taesd_unavailable", $"taesd: {taesdError}",
                    new Dictionary<string, string[]> { ["taesd"] = [taesdError] }));
            if (taesdError is not null)
                Add("taesd", taesdError);
        }
        if (errors.Count > 0)
            return (null, Refusal(errors));

        // What the model cannot use is a 422: the request is well formed, the model is the wrong one for it.
        var unusable = new Dictionary<string, List<string>>();
        if (draft.RefImages.Count > 0 || parameters.Photomaker is not null)
        {
            var entry = parameters.Model is null ? null : (await catalog.WhenReadyAsync(cancellationToken)).ById(parameters.Model);
            IdentityInputRules.CheckModel(parameters, draft.RefImages.Count, entry?.Architecture,
                (field, message) => (unusable.TryGetValue(field, out var list) ? list : unusable[field] = []).Add(message));
        }
        return unusable.Count > 0
            ? (null, Refusal(unusable, RefusalKind.Unprocessable, "model_cannot_use_input"))
            : (draft with { Parameters = parameters }, null);
    }

    private async Task<(GenerationDraft?, SubmitError?)> PrepareUpscaleAsync(GenerationDraft draft, Dictionary<string, List<string>> errors,
        Action<string, string> add, CancellationToken cancellationToken)
    {
        var image = draft.UpscaleImage;
        if (image is null)
            add("image", "image is required: the picture to upscale, base64 or an http(s) URL.");
        if (draft.UpscaleFactor is { } factor && factor is < 1 or > MaxUpscaleFactor)
            add("upscale_factor", $"upscale_factor must be between 1 and {MaxUpscaleFactor} (got {factor}).");
        if (image is not null && (long)Math.Max(image.Width, image.Height) * (draft.UpscaleFactor ?? 4) > MaxUpscaleEdge)
            add("upscale_factor", $"a {image.Width}x{image.Height} image upscaled {draft.UpscaleFactor ?? 4}x would be larger than {MaxUpscaleEdge} px per edge.");

        string? modelId = null;
        if (draft.EsrganModel is { Length: > 0 } name)
            modelId = await CompanionIdAsync(name.Trim(), CompanionUse.Upscaler, "esrgan_model", add, cancellationToken);
        else if (pool.Engine.Kind != EngineKind.Synthetic)
        {
            // No model named: the one ESRGAN model there is, or a clear question.
            var available = await companions.ListAsync(CompanionUse.Upscaler, cancellationToken);
            if (available.Count == 1)
                modelId = available[0].Id;
            else
                add("esrgan_model", available.Count == 0
                    ? "no ESRGAN model is in the catalog; put one (e.g. RealESRGAN_x4plus.pth converted to .safetensors/.gguf) in the models directory's esrgan/ folder."
                    : $"name one of the ESRGAN models: {string.Join(", ", available.Select(e => e.Id))}.");
        }
        if (errors.Count > 0)
            return (null, Refusal(errors));
        var upscale = new UpscaleParameters
        {
            EsrganModel = modelId,
            UpscaleFactor = draft.UpscaleFactor,
            SourceWidth = image!.Width,
            SourceHeight = image.Height,
        };
        return (draft with { Upscale = upscale }, null);
    }

    private static void CheckImages(GenerationDraft draft, GenerationParameters p, Action<string, string> add)
    {
        switch (draft.Type)
        {
            case JobType.Img2Img when draft.InitImage is null:
                add("init_image", "init_image is required for img2img: the picture to start from, base64 or an http(s) URL.");
                break;
            case JobType.Inpainting:
                if (draft.InitImage is null)
                    add("source_image", "source_image is required for inpainting: the picture to repaint, base64 or an http(s) URL.");
                if (draft.MaskImage is null)
                    add("mask_image", "mask_image is required for inpainting: white where to repaint, black where to keep.");
                break;
            case JobType.ControlNet:
                if (draft.ControlImage is null)
                    add("control_image", "control_image is required for controlnet: the conditioning picture (edges, depth, pose...).");
                if (p.ControlNet is null)
                    add("control_net_model", "control_net_model is required for controlnet: the ControlNet weights in the catalog (GET /api/models?type=controlnet).");
                break;
        }
        if (draft.MaskImage is not null && draft.InitImage is null)
            add("mask_image", "a mask needs the image it masks (init_image / source_image).");
    }

    private async Task<string?> CompanionIdAsync(string name, CompanionUse use, string field, Action<string, string> add, CancellationToken cancellationToken)
    {
        var (entry, error) = await companions.FindAsync(name, use, cancellationToken);
        if (error is not null)
            add(field, error);
        return entry?.Id;
    }

    private static SubmitError Refusal(Dictionary<string, List<string>> errors, RefusalKind kind = RefusalKind.Invalid, string code = "validation_failed")
    {
        var byField = errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray());
        return new SubmitError(kind, code,
            string.Join(" ", byField.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), byField);
    }

    /// <summary>Trimmed text, empty names as "not given".</summary>
    internal static GenerationParameters Normalise(GenerationParameters p) => p with
    {
        Prompt = p.Prompt?.Trim() ?? "",
        NegativePrompt = p.NegativePrompt?.Trim() ?? "",
        SamplingMethod = NullIfBlank(p.SamplingMethod),
        Scheduler = NullIfBlank(p.Scheduler),
        Model = NullIfBlank(p.Model),
        Vae = NullIfBlank(p.Vae),
        ControlNet = NullIfBlank(p.ControlNet),
        Loras = p.Loras ?? [],
        Photomaker = NullIfBlank(p.Photomaker),
        PmIdEmbedPath = NullIfBlank(p.PmIdEmbedPath),
        ControlPreprocess = NullIfBlank(p.ControlPreprocess)?.ToLowerInvariant(),
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DecodedImage Fit(DecodedImage image, GenerationParameters p) =>
        image.Width == p.Width && image.Height == p.Height ? image : ImageCodec.Resize(image, p.Width, p.Height);

    /// <summary>A1111's <c>inpainting_mask_invert</c>: repaint where the mask is black.</summary>
    private static DecodedImage Invert(DecodedImage mask)
    {
        var rgba = (byte[])mask.Rgba.Clone();
        for (var i = 0; i < rgba.Length; i += 4)
        {
            rgba[i] = (byte)(255 - rgba[i]);
            rgba[i + 1] = (byte)(255 - rgba[i + 1]);
            rgba[i + 2] = (byte)(255 - rgba[i + 2]);
        }
        return mask with { Rgba = rgba };
    }

    public Task<JobSnapshot?> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken) =>
        jobs.WaitAsync(jobId, timeout, cancellationToken);

    public async Task<IReadOnlyList<StoredImage>> ReadImagesAsync(Job job, CancellationToken cancellationToken)
    {
        var images = new List<StoredImage>();
        foreach (var output in job.Outputs)
        {
            if (outputs.ResolveOutput(job.Id, output.Filename) is not { } path)
                continue;
            var png = await File.ReadAllBytesAsync(path, cancellationToken);
            images.Add(new StoredImage(output.Filename, png, output.Seed, output.Width, output.Height,
                job.Request is GenerationParameters p ? InfotextFormatter.Format(p, output.Seed) : ""));
        }
        return images;
    }
}

/// <summary>One output image of a finished job.</summary>
public sealed record StoredImage(string Filename, byte[] Png, long Seed, int Width, int Height, string Infotext);
