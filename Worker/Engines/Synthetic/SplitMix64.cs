namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// Seeded PRNG (Steele, Lea and Flood's SplitMix64). Ours rather than System.Random because Random's
/// sequence is not guaranteed across runtime versions, and "same seed, same pixels" must hold forever.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [min, max).</summary>
    public int NextInt(int min, int max) => min + (int)(NextUInt64() % (ulong)(max - min));

    public byte NextByte(int min = 0, int max = 256) => (byte)NextInt(min, max);

    /// <summary>SplitMix64's finalizer: a cheap, well-mixing 64-bit hash step.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
