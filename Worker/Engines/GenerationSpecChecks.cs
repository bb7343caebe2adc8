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
        return null;
    }
}
