using SdSupervised.Contracts;
using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// Writes a request into a native parameter struct that the library's own <c>*_init</c> already filled. Only
/// what the request sets is overwritten, so every default (INFINITY sentinels, <c>*_COUNT</c> = "the model's
/// choice", -1 = AUTO) stays the library's. Strings and arrays go into the call's <see cref="NativeArena"/>.
/// Each method returns null, or the reason the request cannot be run (a clean failure, not an exception).
/// </summary>
public static unsafe class NativeRequestMapper
{
    public static string? MapContext(ModelLoadSpec spec, ref SdCtxParams p, NativeArena arena, ISdNames names, NativeEngineOptions options)
    {
        if (string.IsNullOrWhiteSpace(spec.ModelPath) && string.IsNullOrWhiteSpace(spec.DiffusionModelPath))
            return $"model {spec.ModelId} names no weights file: set ModelPath (a checkpoint) or DiffusionModelPath (a standalone diffusion model)";

        var paths = new (string? Path, string What)[]
        {
            (spec.ModelPath, "model"), (spec.DiffusionModelPath, "diffusion model"), (spec.HighNoiseDiffusionModelPath, "high-noise diffusion model"),
            (spec.VaePath, "VAE"), (spec.TaesdPath, "TAESD"), (spec.ClipLPath, "CLIP-L"), (spec.ClipGPath, "CLIP-G"),
            (spec.ClipVisionPath, "CLIP vision"), (spec.T5xxlPath, "T5-XXL"), (spec.LlmPath, "LLM"), (spec.LlmVisionPath, "LLM vision"),
            (spec.ControlNetPath, "ControlNet"), (spec.PhotoMakerPath, "PhotoMaker"),
        };
        foreach (var (path, what) in paths.Concat(spec.Embeddings.Select(e => ((string?)e.Path, $"embedding '{e.Name}'"))))
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path) && !Directory.Exists(path))
                return $"{what} file '{path}' does not exist";
        }

        SetPath(ref p.ModelPath, spec.ModelPath, arena);
        SetPath(ref p.DiffusionModelPath, spec.DiffusionModelPath, arena);
        SetPath(ref p.HighNoiseDiffusionModelPath, spec.HighNoiseDiffusionModelPath, arena);
        SetPath(ref p.VaePath, spec.VaePath, arena);
        SetPath(ref p.TaesdPath, spec.TaesdPath, arena);
        SetPath(ref p.ClipLPath, spec.ClipLPath, arena);
        SetPath(ref p.ClipGPath, spec.ClipGPath, arena);
        SetPath(ref p.ClipVisionPath, spec.ClipVisionPath, arena);
        SetPath(ref p.T5xxlPath, spec.T5xxlPath, arena);
        SetPath(ref p.LlmPath, spec.LlmPath, arena);
        SetPath(ref p.LlmVisionPath, spec.LlmVisionPath, arena);
        SetPath(ref p.ControlNetPath, spec.ControlNetPath, arena);
        SetPath(ref p.PhotoMakerPath, spec.PhotoMakerPath, arena);

        if (spec.Embeddings.Length > 0)
        {
            var embeddings = spec.Embeddings
                .Select(e => new SdEmbedding { Name = arena.Utf8(e.Name), Path = arena.Utf8(e.Path) })
                .ToArray();
            p.Embeddings = arena.Array<SdEmbedding>(embeddings);
            p.EmbeddingCount = (uint)embeddings.Length;
        }

        if (spec.Threads > 0)
            p.NThreads = spec.Threads;

        if (!string.IsNullOrWhiteSpace(spec.WeightType))
        {
            if (names.WeightType(spec.WeightType) is not { } weightType)
                return $"unknown weight type '{spec.WeightType}'; the library knows {string.Join(", ", names.WeightTypeNames())}";
            p.WeightType = weightType;
        }

        if (spec.FlashAttention)
            p.DiffusionFlashAttn = true;
        if (spec.EnableMmap is { } mmap)
            p.EnableMmap = mmap;
        p.EagerLoad = spec.EagerLoad ?? options.EagerLoad;

        if (ComposeBackend(options.Backend, spec.ClipOnCpu, spec.VaeOnCpu, spec.ControlNetOnCpu) is { } backend)
            p.Backend = arena.Utf8(backend);
        if (spec.OffloadParamsToCpu)
            p.ParamsBackend = arena.Utf8("*=cpu");
        return null;
    }

    public static string? MapGeneration(ImageGenerationSpec spec, ref SdImgGenParams p, NativeArena arena, ISdNames names, bool modelVaeTiling)
    {
        if (spec.Width < 1 || spec.Height < 1)
            return $"image size {spec.Width}x{spec.Height} is not positive";
        if (GenerationSpecChecks.Inputs(spec) is { } invalidInput)
            return invalidInput;
        foreach (var lora in spec.Loras)
        {
            if (string.IsNullOrWhiteSpace(lora.Path))
                return "a LoRA without a path";
            if (!File.Exists(lora.Path))
                return $"LoRA file '{lora.Path}' does not exist";
        }

        // What every request sets.
        p.Prompt = arena.Utf8(spec.Prompt);
        p.NegativePrompt = arena.Utf8(spec.NegativePrompt);
        p.Width = spec.Width;
        p.Height = spec.Height;
        p.Seed = spec.Seed;
        p.BatchCount = spec.BatchCount;
        p.SampleParams.SampleSteps = spec.Steps;
        p.SampleParams.Guidance.TxtCfg = spec.CfgScale;
        if (spec.ClipSkip != -1)
            p.ClipSkip = spec.ClipSkip;

        if (!string.IsNullOrWhiteSpace(spec.SamplingMethod))
        {
            if (names.SampleMethod(spec.SamplingMethod) is not { } method)
                return $"unknown sampling method '{spec.SamplingMethod}'; the library knows {string.Join(", ", names.SampleMethodNames())}";
            p.SampleParams.SampleMethod = method;
        }
        if (!string.IsNullOrWhiteSpace(spec.Scheduler))
        {
            if (names.Scheduler(spec.Scheduler) is not { } scheduler)
                return $"unknown scheduler '{spec.Scheduler}'; the library knows {string.Join(", ", names.SchedulerNames())}";
            p.SampleParams.Scheduler = scheduler;
        }

        if (spec.ImgCfgScale is { } imgCfg)
            p.SampleParams.Guidance.ImgCfg = imgCfg;
        if (spec.DistilledGuidance is { } distilled)
            p.SampleParams.Guidance.DistilledGuidance = distilled;
        if (spec.Eta is { } eta)
            p.SampleParams.Eta = eta;
        if (spec.FlowShift is { } flowShift)
            p.SampleParams.FlowShift = flowShift;
        if (spec.SkipLayerGuidance is { } slg)
        {
            if (slg.Layers.Length > 0)
            {
                p.SampleParams.Guidance.Slg.Layers = arena.Array<int>(slg.Layers);
                p.SampleParams.Guidance.Slg.LayerCount = (nuint)slg.Layers.Length;
            }
            if (slg.Scale is { } scale)
                p.SampleParams.Guidance.Slg.Scale = scale;
            if (slg.LayerStart is { } start)
                p.SampleParams.Guidance.Slg.LayerStart = start;
            if (slg.LayerEnd is { } end)
                p.SampleParams.Guidance.Slg.LayerEnd = end;
        }

        if (spec.InitImage is { } init)
            p.InitImage = NativeImages.ToNative(init, 3, arena);
        if (spec.Strength is { } strength)
            p.Strength = strength;
        if (spec.MaskImage is { } mask)
            p.MaskImage = NativeImages.ToNative(mask, 1, arena);
        if (spec.ControlImage is { } control)
            p.ControlImage = NativeImages.ToNative(control, 3, arena);
        if (spec.ControlStrength is { } controlStrength)
            p.ControlStrength = controlStrength;
        if (spec.RefImages.Length > 0)
        {
            p.RefImages = arena.Array<SdImage>([.. spec.RefImages.Select(r => NativeImages.ToNative(r, 3, arena))]);
            p.RefImagesCount = spec.RefImages.Length;
        }
        if (spec.PhotoMaker is { } pm)
        {
            p.PmParams.IdImages = arena.Array<SdImage>([.. pm.IdImages.Select(r => NativeImages.ToNative(r, 3, arena))]);
            p.PmParams.IdImagesCount = pm.IdImages.Length;
            if (!string.IsNullOrWhiteSpace(pm.IdEmbedPath))
                p.PmParams.IdEmbedPath = arena.Utf8(pm.IdEmbedPath);
            if (pm.StyleStrength is { } style)
                p.PmParams.StyleStrength = style;
        }

        if (spec.Loras.Length > 0)
        {
            var loras = spec.Loras
                .Select(l => new SdLora { IsHighNoise = l.IsHighNoise, Multiplier = l.Multiplier, Path = arena.Utf8(l.Path) })
                .ToArray();
            p.Loras = arena.Array<SdLora>(loras);
            p.LoraCount = (uint)loras.Length;
        }

        if (spec.VaeTiling ?? modelVaeTiling)
            p.VaeTilingParams.Enabled = true;
        if (spec.VaeTileSize is { } tile)
        {
            p.VaeTilingParams.TileSizeX = tile;
            p.VaeTilingParams.TileSizeY = tile;
        }

        return spec.Hires is { } hires ? MapHires(hires, ref p.Hires, arena, names) : null;
    }

    /// <summary>
    /// A video request into <c>sd_vid_gen_params_t</c>. The high-noise sampling goes into <c>high_noise_sample_params</c>
    /// as sd-cli's <c>--high-noise-*</c> flags put it there; its steps stay the library's -1 (split at the MoE boundary)
    /// unless the request names them. Unset high-noise sampler, scheduler and CFG follow the low-noise model's, as sd-cli does.
    /// </summary>
    public static string? MapVideo(VideoGenerationSpec spec, ref SdVidGenParams p, NativeArena arena, ISdNames names, bool modelVaeTiling)
    {
        if (GenerationSpecChecks.VideoInputs(spec) is { } invalidInput)
            return invalidInput;
        if (CheckLoras(spec.Loras) is { } invalidLora)
            return invalidLora;

        p.Prompt = arena.Utf8(spec.Prompt);
        p.NegativePrompt = arena.Utf8(spec.NegativePrompt);
        p.Width = spec.Width;
        p.Height = spec.Height;
        p.Seed = spec.Seed;
        p.VideoFrames = spec.VideoFrames;
        p.Fps = spec.Fps;
        if (spec.ClipSkip != -1)
            p.ClipSkip = spec.ClipSkip;
        if (MapSample(ref p.SampleParams, spec.Steps, spec.CfgScale, spec.SamplingMethod, spec.Scheduler, spec.FlowShift, spec.Eta, names) is { } invalid)
            return invalid;

        if (spec.HighNoise is { } high)
        {
            var invalidHigh = MapSample(ref p.HighNoiseSampleParams, high.Steps, high.CfgScale ?? spec.CfgScale,
                high.SamplingMethod ?? spec.SamplingMethod, high.Scheduler ?? spec.Scheduler, high.FlowShift ?? spec.FlowShift, high.Eta, names);
            if (invalidHigh is not null)
                return $"high noise: {invalidHigh}";
        }
        else
        {
            // The library's high-noise defaults are its image defaults (CFG 7, its own sampler): follow the request instead.
            p.HighNoiseSampleParams.Guidance.TxtCfg = spec.CfgScale;
            p.HighNoiseSampleParams.SampleMethod = p.SampleParams.SampleMethod;
            p.HighNoiseSampleParams.Scheduler = p.SampleParams.Scheduler;
            p.HighNoiseSampleParams.FlowShift = p.SampleParams.FlowShift;
        }
        if (spec.MoeBoundary is { } boundary)
            p.MoeBoundary = boundary;

        if (spec.InitImage is { } init)
            p.InitImage = NativeImages.ToNative(init, 3, arena);
        if (spec.EndImage is { } end)
            p.EndImage = NativeImages.ToNative(end, 3, arena);
        if (spec.Strength is { } strength)
            p.Strength = strength;
        if (spec.Loras.Length > 0)
        {
            var loras = spec.Loras
                .Select(l => new SdLora { IsHighNoise = l.IsHighNoise, Multiplier = l.Multiplier, Path = arena.Utf8(l.Path) })
                .ToArray();
            p.Loras = arena.Array<SdLora>(loras);
            p.LoraCount = (uint)loras.Length;
        }
        if (spec.VaeTiling ?? modelVaeTiling)
            p.VaeTilingParams.Enabled = true;
        return null;
    }

    private static string? CheckLoras(LoraSpec[] loras)
    {
        foreach (var lora in loras)
        {
            if (string.IsNullOrWhiteSpace(lora.Path))
                return "a LoRA without a path";
            if (!File.Exists(lora.Path))
                return $"LoRA file '{lora.Path}' does not exist";
        }
        return null;
    }

    /// <summary>One <c>sd_sample_params_t</c>; null members keep what the library's init wrote.</summary>
    private static string? MapSample(ref SdSampleParams sample, int? steps, float? cfg, string? method, string? scheduler, float? flowShift, float? eta, ISdNames names)
    {
        if (steps is { } s)
            sample.SampleSteps = s;
        if (cfg is { } c)
            sample.Guidance.TxtCfg = c;
        if (!string.IsNullOrWhiteSpace(method))
        {
            if (names.SampleMethod(method) is not { } m)
                return $"unknown sampling method '{method}'; the library knows {string.Join(", ", names.SampleMethodNames())}";
            sample.SampleMethod = m;
        }
        if (!string.IsNullOrWhiteSpace(scheduler))
        {
            if (names.Scheduler(scheduler) is not { } sc)
                return $"unknown scheduler '{scheduler}'; the library knows {string.Join(", ", names.SchedulerNames())}";
            sample.Scheduler = sc;
        }
        if (flowShift is { } f)
            sample.FlowShift = f;
        if (eta is { } e)
            sample.Eta = e;
        return null;
    }

    /// <summary>
    /// The backend assignment for a load: the device for everything, with per-module CPU overrides put first,
    /// the way sd-cli's --clip-on-cpu / --vae-on-cpu do it. Null when there is nothing to say.
    /// </summary>
    public static string? ComposeBackend(string? device, bool clipOnCpu, bool vaeOnCpu, bool controlNetOnCpu)
    {
        var parts = new List<string>();
        if (clipOnCpu)
            parts.Add("te=cpu");
        if (vaeOnCpu)
            parts.Add("vae=cpu");
        if (controlNetOnCpu)
            parts.Add("controlnet=cpu");
        if (!string.IsNullOrWhiteSpace(device))
            parts.Add(device);
        return parts.Count == 0 ? null : string.Join(",", parts);
    }

    private static string? MapHires(HiresFixSpec hires, ref SdHiresParams h, NativeArena arena, ISdNames names)
    {
        h.Enabled = true;
        if (!string.IsNullOrWhiteSpace(hires.Upscaler))
        {
            if (names.HiresUpscaler(hires.Upscaler) is not { } upscaler)
                return $"unknown hires upscaler '{hires.Upscaler}'; the library knows {string.Join(", ", names.HiresUpscalerNames())}";
            h.Upscaler = upscaler;
        }
        if (!string.IsNullOrWhiteSpace(hires.ModelPath))
        {
            if (!File.Exists(hires.ModelPath))
                return $"hires upscaler model '{hires.ModelPath}' does not exist";
            h.ModelPath = arena.Utf8(hires.ModelPath);
        }
        if (hires.Scale is { } scale)
            h.Scale = scale;
        if (hires.TargetWidth is { } width)
            h.TargetWidth = width;
        if (hires.TargetHeight is { } height)
            h.TargetHeight = height;
        if (hires.Steps is { } steps)
            h.Steps = steps;
        if (hires.DenoisingStrength is { } denoising)
            h.DenoisingStrength = denoising;
        if (hires.TileSize is { } tileSize)
            h.UpscaleTileSize = tileSize;
        return null;
    }

    private static void SetPath(ref byte* field, string? path, NativeArena arena)
    {
        if (!string.IsNullOrWhiteSpace(path))
            field = arena.Utf8(path);
    }
}
