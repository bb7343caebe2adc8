using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Reduces everything that should change a picture to one 64-bit key: the image's seed and the
/// parameters a real sampler would be sensitive to. Size is left out on purpose: the painter works in
/// relative coordinates, so the same request at another size shows the same scene. The protocol 2 guidance
/// knobs join the key only when set, so a request that leaves them out keeps the picture it always had.
/// Images, LoRAs and hires are not in the key: they act on the painted scene (see <see cref="SyntheticRenderer"/>).
/// </summary>
public static class SyntheticImageKey
{
    public static ulong For(ImageGenerationSpec spec, long imageSeed)
    {
        var hash = 0x5D5D_0001UL;
        hash = Add(hash, spec.Prompt);
        hash = Add(hash, spec.NegativePrompt);
        hash = Add(hash, BitConverter.SingleToUInt32Bits(spec.CfgScale));
        hash = Add(hash, spec.SamplingMethod ?? "");
        hash = Add(hash, spec.Scheduler ?? "");
        hash = Add(hash, (ulong)spec.Steps);
        hash = Add(hash, (ulong)(long)spec.ClipSkip);
        hash = Add(hash, (ulong)imageSeed);
        hash = AddOptional(hash, 1, spec.ImgCfgScale);
        hash = AddOptional(hash, 2, spec.DistilledGuidance);
        hash = AddOptional(hash, 3, spec.Eta);
        hash = AddOptional(hash, 4, spec.FlowShift);
        if (spec.SkipLayerGuidance is { } slg)
        {
            hash = Add(hash, 5);
            hash = Add(hash, (ulong)slg.Layers.Length);
            foreach (var layer in slg.Layers)
                hash = Add(hash, (ulong)(long)layer);
            hash = AddOptional(hash, 6, slg.Scale);
            hash = AddOptional(hash, 7, slg.LayerStart);
            hash = AddOptional(hash, 8, slg.LayerEnd);
        }
        return hash;
    }

    /// <summary>A tag first, so two different knobs set to the same value hash differently.</summary>
    private static ulong AddOptional(ulong hash, ulong tag, float? value) =>
        value is { } v ? Add(Add(hash, 0xA000UL + tag), BitConverter.SingleToUInt32Bits(v)) : hash;

    public static ulong Add(ulong hash, ulong value) => SplitMix64.Mix(hash ^ SplitMix64.Mix(value + 0x9E3779B97F4A7C15UL));

    /// <summary>Mixes a string in; also used for LoRA names.</summary>
    public static ulong Add(ulong hash, string text)
    {
        // Length first, so ("ab", "c") and ("a", "bc") hash differently.
        hash = Add(hash, (ulong)text.Length);
        foreach (var c in text)
            hash = Add(hash, c);
        return hash;
    }
}
