namespace SdSupervised.Tools.TinyModels;

/// <summary>
/// Deterministic pseudo-random weights (SplitMix64), so a seed always gives the same file. Values are small
/// (scaled by 1/sqrt(fan-in)) so activations stay finite through a few layers of random network.
/// </summary>
public sealed class RandomWeights(ulong seed)
{
    private ulong _state = seed;

    /// <summary>Uniform in [-scale, scale).</summary>
    public float[] Uniform(long count, double scale)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((NextDouble() * 2 - 1) * scale);
        return values;
    }

    public static float[] Constant(long count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    public static byte[] F32(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    public static byte[] F16(float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)values[i]);
        return bytes;
    }

    /// <summary>
    /// Random Q4_0 blocks (an f16 scale, then 32 four-bit values packed in 16 bytes; value = (q - 8) * scale),
    /// drawn directly instead of quantizing floats: any bit pattern is a valid block.
    /// </summary>
    public byte[] Q4_0(long count, double scale)
    {
        if (count % 32 != 0)
            throw new ArgumentException($"Q4_0 needs a multiple of 32 values, got {count}", nameof(count));
        var blocks = count / 32;
        var bytes = new byte[blocks * 18];
        var d = (Half)(scale / 8);
        for (long b = 0; b < blocks; b++)
        {
            var block = bytes.AsSpan((int)(b * 18), 18);
            BitConverter.TryWriteBytes(block, d);
            for (var i = 2; i < 18; i++)
                block[i] = (byte)NextUInt64();
        }
        return bytes;
    }

    private ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
