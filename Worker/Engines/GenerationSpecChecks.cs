using SdSupervised.Contracts;
using SdSupervised.Worker.Engines.Native;

namespace SdSupervised.Worker.Engines;

/// <summary>
/// The refusals both engines make before generating, in one wording: the synthetic engine stands in for the native
/// one in tests, so a bad spec must fail the same way on either.
/// </summary>
public static class GenerationSpecChecks
{
    /// <summary>Steps, batch, and the input images (a mask needs an init image; every buffer matches its size); null when fine.</summary>
    public static string? Inputs(ImageGenerationSpec spec)
    {
        if (spec.Steps < 1)
            return $"steps must be at least 1, got {spec.Steps}";
        if (spec.BatchCount < 1)
            return $"batch count must be at least 1, got {spec.BatchCount}";
        if (spec.MaskImage is not null && spec.InitImage is null)
            return "a mask (inpainting) needs an init image to paint into";
        foreach (var (image, what) in new[] { (spec.InitImage, "init image"), (spec.MaskImage, "mask image"), (spec.ControlImage, "control image") })
        {
            if (image is not null && NativeImages.Validate(image, what) is { } invalid)
                return invalid;
        }
        for (var i = 0; i < spec.RefImages.Length; i++)
        {
            if (NativeImages.Validate(spec.RefImages[i], $"reference image {i + 1}") is { } invalid)
                return invalid;
        }
        if (spec.PhotoMaker is { } pm)
        {
            if (pm.IdImages.Length == 0)
                return "PhotoMaker needs at least one ID image";
            for (var i = 0; i < pm.IdImages.Length; i++)
            {
                if (NativeImages.Validate(pm.IdImages[i], $"PhotoMaker ID image {i + 1}") is { } invalid)
                    return invalid;
            }
            if (pm.StyleStrength is { } style && !(float.IsFinite(style) && style is >= 0 and <= 100))
                return $"PhotoMaker style strength must be 0..100, got {style}";
            if (pm.IdEmbedPath is { } embed && !File.Exists(embed))
                return $"PhotoMaker ID-embedding file '{embed}' does not exist";
        }
        if (spec.ControlCanny is { } canny)
        {
            if (spec.ControlImage is null)
                return "the canny preprocessor needs a control image";
            foreach (var (value, what) in new[] { (canny.HighThreshold, "high threshold"), (canny.LowThreshold, "low threshold"), (canny.Weak, "weak"), (canny.Strong, "strong") })
            {
                if (value is { } v && !(float.IsFinite(v) && v is >= 0 and <= 1))
                    return $"canny {what} must be 0..1, got {v}";
            }
        }
        return null;
    }

    /// <summary>Largest frame count accepted; the library allocates the whole clip's latents at once.</summary>
    public const int MaxVideoFrames = 1024;

    /// <summary>A video spec's steps, frames, fps and images (an end image needs an init image); null when fine.</summary>
    public static string? VideoInputs(VideoGenerationSpec spec)
    {
        if (spec.Width < 1 || spec.Height < 1)
            return $"video size {spec.Width}x{spec.Height} is not positive";
        if (spec.Steps < 1)
            return $"steps must be at least 1, got {spec.Steps}";
        if (spec.VideoFrames is < 1 or > MaxVideoFrames)
            return $"video frames must be 1..{MaxVideoFrames}, got {spec.VideoFrames}";
        if (spec.Fps < 1)
            return $"fps must be at least 1, got {spec.Fps}";
        if (spec.HighNoise?.Steps is < 1)
            return $"high-noise steps must be at least 1 (or left out to split at the MoE boundary), got {spec.HighNoise.Steps}";
        if (spec.EndImage is not null && spec.InitImage is null)
            return "an end image (FLF2V) needs an init image for the first frame";
        foreach (var (image, what) in new[] { (spec.InitImage, "init image"), (spec.EndImage, "end image") })
        {
            if (image is not null && NativeImages.Validate(image, what) is { } invalid)
                return invalid;
        }
        return null;
    }

    /// <summary>
    /// Sampling steps of a video across both models, as the library counts them: with a high-noise model, its explicit
    /// steps come on top of <see cref="VideoGenerationSpec.Steps"/>; left out, the library splits <c>Steps</c> between the two.
    /// </summary>
    public static int VideoTotalSteps(VideoGenerationSpec spec, bool hasHighNoiseModel) =>
        spec.Steps + (hasHighNoiseModel && spec.HighNoise?.Steps is > 0 and var high ? high : 0);
}
