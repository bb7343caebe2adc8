using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Paints the images of one request. The "procedural" picture is the painted scene for the seed, washed
/// by the LoRAs, the reference images' and PhotoMaker ID images' mean colours, and darkened where the control image
/// (or its canny edge map) is dark; img2img blends the init image towards it by
/// the strength, inpainting keeps the init image where the mask is black, and the hires pass upscales the
/// first pass and blends it towards the procedural picture painted at the hires size by the denoising
/// strength (keeping, under a black mask, the upscaled init image). The request's images are converted once
/// here and reused for every image of the batch.
/// </summary>
public sealed class SyntheticRenderer
{
    private readonly ImageGenerationSpec _spec;
    private readonly SyntheticPlan _plan;
    private readonly byte[]? _init;
    private readonly byte[]? _mask;
    private readonly byte[]? _control;

    /// <summary><paramref name="spec"/> must have passed <see cref="SyntheticPlan.Resolve"/>.</summary>
    public SyntheticRenderer(ImageGenerationSpec spec, SyntheticPlan plan)
    {
        _spec = spec;
        _plan = plan;
        if (spec.InitImage is { } init)
            _init = SyntheticImages.ToRgb(init, spec.Width, spec.Height);
        if (spec.MaskImage is { } mask)
            _mask = SyntheticImages.ToMask(mask, spec.Width, spec.Height);
        if (spec.ControlImage is { } control)
            _control = Control(control, spec.Width, spec.Height);
    }

    /// <summary>The control image's luminance at the given size, through the canny stand-in when the request asks for it.</summary>
    private byte[] Control(RawImage control, int width, int height)
    {
        var luminance = SyntheticImages.ToLuminance(control, width, height);
        return _spec.ControlCanny is { } canny ? SyntheticCanny.EdgeMap(luminance, width, height, canny) : luminance;
    }

    /// <summary>The first pass at the request's size, 3 channels.</summary>
    public byte[] FirstPass(long seed)
    {
        var procedural = Procedural(_spec.Width, _spec.Height, seed, _control);
        if (_init is null || _plan.Strength is not { } strength)
            return procedural;

        var image = SyntheticCompositor.Blend(_init, procedural, strength);
        return _mask is null ? image : SyntheticCompositor.MaskBlend(_init, image, _mask);
    }

    /// <summary>The hires pass over a first-pass image, at the hires size.</summary>
    public byte[] HiresPass(byte[] firstPass, long seed, SyntheticHiresPlan hires)
    {
        var upscaled = SyntheticImages.ResizeNearest(firstPass, _spec.Width, _spec.Height, hires.Width, hires.Height, 3);
        var control = _spec.ControlImage is { } image ? Control(image, hires.Width, hires.Height) : null;
        var procedural = Procedural(hires.Width, hires.Height, seed, control);
        var repainted = SyntheticCompositor.Blend(upscaled, procedural, hires.DenoisingStrength);
        if (_mask is null)
            return repainted;

        // The library resizes its latent mask for the hires pass too; the same nearest mapping as the image
        // keeps every black-masked pixel a copy of the (upscaled) init pixel.
        var mask = SyntheticImages.ResizeNearest(_mask, _spec.Width, _spec.Height, hires.Width, hires.Height, 1);
        return SyntheticCompositor.MaskBlend(upscaled, repainted, mask);
    }

    private byte[] Procedural(int width, int height, long seed, byte[]? control)
    {
        var pixels = SyntheticImagePainter.Paint(width, height, SyntheticImageKey.For(_spec, seed));
        SyntheticLoraTint.Apply(pixels, width, height, _spec.Loras);
        SyntheticIdentityTint.ApplyReferences(pixels, _spec.RefImages);
        SyntheticIdentityTint.ApplyIdentity(pixels, width, height, _spec.PhotoMaker);
        if (control is not null)
            SyntheticCompositor.Modulate(pixels, control, _plan.ControlStrength);
        return pixels;
    }
}
