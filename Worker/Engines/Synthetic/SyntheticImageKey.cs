using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Reduces everything that should change a picture to one 64-bit key: the image's seed and the
/// parameters a real sampler would be sensitive to. Size is left out on purpose: the painter works in
/// relative coordinates, so the same request at another size shows the same scene.
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
        return hash;
    }

    private static ulong Add(ulong hash, ulong value) => SplitMix64.Mix(hash ^ SplitMix64.Mix(value + 0x9E3779B97F4A7C15UL));

    private static ulong Add(ulong hash, string text)
    {
        // Length first, so ("ab", "c") and ("a", "bc") hash differently.
        hash = Add(hash, (ulong)text.Length);
        foreach (var c in text)
            hash = Add(hash, c);
        return hash;
    }
}
