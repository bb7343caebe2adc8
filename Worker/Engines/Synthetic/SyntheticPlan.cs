using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Native;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// A request resolved the way stable-diffusion.cpp (<c>master-827-97d2990</c>) resolves it before sampling:
/// library defaults filled in, img2img's trimmed step count, the hires target size and step count. Invalid
/// requests get the native engine's error messages, so a test against the synthetic engine sees what a
/// real worker would say.
/// </summary>
public sealed record SyntheticPlan
{
    /// <summary>sd_img_gen_params_init's strength.</summary>
    public const float DefaultStrength = 0.75f;

    /// <summary>sd_img_gen_params_init's control_strength.</summary>
    public const float DefaultControlStrength = 0.9f;

    /// <summary>sd_hires_params_init's scale.</summary>
    public const float DefaultHiresScale = 2.0f;

    /// <summary>sd_hires_params_init's denoising_strength.</summary>
    public const float DefaultHiresDenoisingStrength = 0.7f;

    /// <summary>The library's hires upscaler names (sd_hires_upscaler_name), in enum order.</summary>
    public static readonly IReadOnlyList<string> HiresUpscalerNames =
    [
        "None", "Latent", "Latent (nearest)", "Latent (nearest-exact)", "Latent (antialiased)", "Latent (bicubic)",
        "Latent (bicubic antialiased)", "Lanczos", "Nearest", "Model",
    ];

    /// <summary>Sampling steps of the first pass: the request's, or img2img's trimmed count.</summary>
    public required int Steps { get; init; }

    /// <summary>img2img denoising strength clamped to 0..1; null for txt2img.</summary>
    public float? Strength { get; init; }

    public float ControlStrength { get; init; } = DefaultControlStrength;

    /// <summary>Null when the request asks for no hires pass, or the library would disable it.</summary>
    public SyntheticHiresPlan? Hires { get; init; }

    /// <summary>Why the library would skip the hires pass it was asked for (logged as a warning), or null.</summary>
    public string? HiresDisabledReason { get; init; }

    /// <summary>The plan for <paramref name="spec"/>, or null and the reason it cannot run.</summary>
    public static SyntheticPlan? Resolve(ImageGenerationSpec spec, int maxEdge, out string? error)
    {
        error = Validate(spec, maxEdge);
        if (error is not null)
            return null;

        float? strength = spec.InitImage is null ? null : Math.Clamp(spec.Strength ?? DefaultStrength, 0f, 1f);
        var steps = strength is { } s ? Img2ImgSteps(spec.Steps, s) : spec.Steps;
        var hires = ResolveHires(spec, steps, maxEdge, out var disabled, out error);
        if (error is not null)
            return null;

        return new SyntheticPlan
        {
            Steps = steps,
            Strength = strength,
            ControlStrength = spec.ControlStrength ?? DefaultControlStrength,
            Hires = hires,
            HiresDisabledReason = disabled,
        };
    }

    /// <summary>
    /// The library keeps the last <c>t_enc + 1</c> sigmas of the schedule, <c>t_enc = (int)(steps * strength)</c>
    /// (one less when that is every step); strength 1 samples every step. So at least one step always runs.
    /// </summary>
    public static int Img2ImgSteps(int steps, float strength)
    {
        if (strength >= 1f)
            return steps;
        var tEnc = (int)(steps * Math.Max(0f, strength));
        if (tEnc >= steps)
            tEnc = steps - 1;
        return tEnc + 1;
    }

    /// <summary>
    /// make_hires_sigma_schedule: the schedule is stretched to <c>steps / denoising</c> so that trimming it by
    /// the denoising strength leaves about <paramref name="steps"/> (the hires steps, else the first pass's).
    /// </summary>
    public static int HiresSteps(int steps, float denoisingStrength)
    {
        var effective = Math.Max(1, steps);
        var schedulerSteps = Math.Max(1, (int)(effective / denoisingStrength));
        var tEnc = (int)(schedulerSteps * denoisingStrength);
        if (tEnc >= schedulerSteps)
            tEnc = schedulerSteps - 1;
        return tEnc + 1;
    }

    private static string? Validate(ImageGenerationSpec spec, int maxEdge)
    {
        if (spec.Width is < 1 || spec.Height is < 1 || spec.Width > maxEdge || spec.Height > maxEdge)
            return $"image size {spec.Width}x{spec.Height} is out of range (1..{maxEdge} per edge)";
        if (GenerationSpecChecks.Inputs(spec) is { } invalidInput)
            return invalidInput;
        if (spec.Strength is { } strength && !float.IsFinite(strength))
            return $"strength must be a number, got {strength}";
        if (spec.ControlStrength is { } controlStrength && !float.IsFinite(controlStrength))
            return $"control strength must be a number, got {controlStrength}";
        foreach (var lora in spec.Loras)
        {
            if (string.IsNullOrWhiteSpace(lora.Path))
                return "a LoRA without a path";
            if (!float.IsFinite(lora.Multiplier))
                return $"LoRA '{lora.Path}' has multiplier {lora.Multiplier}, not a number";
        }
        return null;
    }

    private static SyntheticHiresPlan? ResolveHires(ImageGenerationSpec spec, int firstPassSteps, int maxEdge, out string? disabled, out string? error)
    {
        disabled = error = null;
        if (spec.Hires is not { } hires)
            return null;

        // The native engine refuses a name the library does not know; the library itself disables the pass
        // for "None", for "Model" without a model, and for a size it cannot work out (resolve_hires).
        var upscaler = "Latent";
        if (!string.IsNullOrWhiteSpace(hires.Upscaler))
        {
            if (HiresUpscalerNames.FirstOrDefault(n => string.Equals(n, hires.Upscaler, StringComparison.OrdinalIgnoreCase)) is not { } known)
            {
                error = $"unknown hires upscaler '{hires.Upscaler}'; the library knows {string.Join(", ", HiresUpscalerNames)}";
                return null;
            }
            upscaler = known;
        }
        if (hires.Scale is { } s && !float.IsFinite(s) || hires.DenoisingStrength is { } d && !float.IsFinite(d))
        {
            error = "hires scale and denoising strength must be numbers";
            return null;
        }
        if (upscaler == "None")
        {
            disabled = "hires upscaler 'None' disables the hires pass";
            return null;
        }
        if (upscaler == "Model" && string.IsNullOrWhiteSpace(hires.ModelPath))
        {
            disabled = "hires model upscaler requires a model path, disabling hires";
            return null;
        }

        var scale = hires.Scale ?? DefaultHiresScale;
        int width, height;
        if (hires.TargetWidth is > 0 && hires.TargetHeight is > 0)
            (width, height) = (hires.TargetWidth.Value, hires.TargetHeight.Value);
        else if (hires.TargetWidth is > 0)
            width = height = hires.TargetWidth.Value;
        else if (hires.TargetHeight is > 0)
            width = height = hires.TargetHeight.Value;
        else if (scale <= 0f)
        {
            disabled = "hires scale must be positive when no target size is set, disabling hires";
            return null;
        }
        else
        {
            width = (int)MathF.Round(spec.Width * scale, MidpointRounding.AwayFromZero);
            height = (int)MathF.Round(spec.Height * scale, MidpointRounding.AwayFromZero);
        }

        if (width < 1 || height < 1)
        {
            disabled = "hires target size is not positive, disabling hires";
            return null;
        }
        if (width > maxEdge || height > maxEdge)
        {
            error = $"hires target size {width}x{height} is out of range (1..{maxEdge} per edge)";
            return null;
        }

        var denoising = Math.Clamp(hires.DenoisingStrength ?? DefaultHiresDenoisingStrength, 0.0001f, 1f);
        var steps = HiresSteps(hires.Steps is > 0 ? hires.Steps.Value : firstPassSteps, denoising);
        return new SyntheticHiresPlan(width, height, steps, denoising);
    }
}
