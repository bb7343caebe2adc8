namespace SdSupervised.Tools.TinyModels;

/// <summary>
/// An x4 RRDBNet (Real-ESRGAN layout, BasicSR names) with one RRDB block and random weights: the library
/// reads the block count and the scale (from <c>conv_up2</c>) from the names; width and growth are fixed (64, 32).
/// </summary>
public static class TinyEsrgan
{
    private const int Features = 64;
    private const int Growth = 32;

    public static GgufWriter Build(int blocks = 1, ulong seed = 7)
    {
        var gguf = new GgufWriter();
        var w = new LayerWriter(gguf, new RandomWeights(seed));
        w.Conv("conv_first", 3, Features);
        for (var b = 0; b < blocks; b++)
        {
            for (var r = 1; r <= 3; r++)
            {
                var name = $"body.{b}.rdb{r}.";
                for (var c = 1; c <= 4; c++)
                    w.Conv($"{name}conv{c}", Features + (c - 1) * Growth, Growth);
                w.Conv($"{name}conv5", Features + 4 * Growth, Features);
            }
        }
        w.Conv("conv_body", Features, Features);
        w.Conv("conv_up1", Features, Features);
        w.Conv("conv_up2", Features, Features);
        w.Conv("conv_hr", Features, Features);
        w.Conv("conv_last", Features, 3);
        return gguf;
    }
}
