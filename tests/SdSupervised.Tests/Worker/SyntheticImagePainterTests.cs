using System.Diagnostics;
using SdSupervised.Worker.Engines.Synthetic;
using Xunit.Abstractions;

namespace SdSupervised.Tests.Worker;

public sealed class SyntheticImagePainterTests(ITestOutputHelper output)
{
    [Fact]
    public void Same_key_paints_the_same_bytes()
    {
        Assert.Equal(SyntheticImagePainter.Paint(300, 200, 99), SyntheticImagePainter.Paint(300, 200, 99));
    }

    [Fact]
    public void Painted_image_looks_like_a_picture_not_noise_or_a_flat_fill()
    {
        const int width = 256, height = 256;
        var pixels = SyntheticImagePainter.Paint(width, height, 7);

        // Many distinct colours (gradients, shapes)...
        var colours = new HashSet<int>();
        for (var p = 0; p < pixels.Length; p += 3)
            colours.Add(pixels[p] << 16 | pixels[p + 1] << 8 | pixels[p + 2]);
        Assert.True(colours.Count > 500, $"only {colours.Count} colours");

        // ...but smooth: neighbours are close on average (grain is +-4), unlike random bytes (~85).
        long difference = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 1; x < width; x++)
            {
                var p = (y * width + x) * 3;
                difference += Math.Abs(pixels[p] - pixels[p - 3]);
            }
        }
        var mean = (double)difference / (height * (width - 1));
        Assert.True(mean < 12, $"mean neighbour difference {mean:0.0}");
    }

    [Fact]
    public void Wrong_buffer_size_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SyntheticImagePainter.Paint(new byte[10], 2, 2, 1));
    }

    [Fact]
    public void Painting_2048_square_reports_its_time()
    {
        SyntheticImagePainter.Paint(64, 64, 1);
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var pixels = SyntheticImagePainter.Paint(2048, 2048, (ulong)i);
            best = stopwatch.Elapsed < best ? stopwatch.Elapsed : best;
            Assert.Equal(2048 * 2048 * 3, pixels.Length);
        }

        // A figure, not a timed assertion (machines differ); the goal is well under 100 ms.
        output.WriteLine($"2048x2048 RGB painted in {best.TotalMilliseconds:0.0} ms (best of 3)");
    }
}
