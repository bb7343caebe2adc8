namespace SdSupervised.Tests.Worker;

/// <summary>How much two synthetic images of the same size differ, for tests of the engine's effects.</summary>
internal static class PixelDiff
{
    /// <summary>The share of bytes (channel values) that differ, 0..1.</summary>
    public static double DifferingFraction(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var differing = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
                differing++;
        }
        return (double)differing / a.Length;
    }
}
