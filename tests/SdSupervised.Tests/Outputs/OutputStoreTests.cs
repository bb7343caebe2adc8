using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;
using SkiaSharp;

namespace SdSupervised.Tests.Outputs;

public sealed class OutputStoreTests : IDisposable
{
    private const string JobId = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sds-outputs-" + Guid.NewGuid().ToString("N"));
    private readonly OutputStore _store;

    public OutputStoreTests()
    {
        _store = new OutputStore(Path.Combine(_directory, "outputs"), NullLogger<OutputStore>.Instance);
    }

    private string JobDirectory => Path.Combine(_store.Root, JobId);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 6)]
    [InlineData(1, 0)]
    public async Task Saved_png_decodes_to_the_same_pixels(int channels, int pngColorType)
    {
        var image = TestImage(67, 45, channels, seed: 1234);

        var output = await _store.SaveAsync(JobId, 0, image, "params", CancellationToken.None);

        Assert.Equal(new JobOutput("00-1234.png", 1234, 67, 45), output);
        var path = Path.Combine(JobDirectory, "00-1234.png");
        var png = await File.ReadAllBytesAsync(path);
        Assert.Equal(pngColorType, PngChunkReader.ColorType(png));
        Assert.Equal(8, PngChunkReader.BitDepth(png));

        using var decoded = SKBitmap.Decode(png, new SKImageInfo(67, 45, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Assert.NotNull(decoded);
        Assert.Equal(67, decoded.Width);
        Assert.Equal(45, decoded.Height);
        Assert.Equal(ToRgba(image), decoded.GetPixelSpan().ToArray());
    }

    [Fact]
    public async Task Parameters_go_in_a_tEXt_chunk_right_after_IHDR()
    {
        var parameters = InfotextFormatter.Format(
            new GenerationParameters { Prompt = "café au lait", NegativePrompt = "blurry", SamplingMethod = "euler_a", Seed = 7 }, 7);

        await _store.SaveAsync(JobId, 3, TestImage(32, 16, 3, seed: 7), parameters, CancellationToken.None);

        var png = await File.ReadAllBytesAsync(Path.Combine(JobDirectory, "03-7.png"));
        var chunks = PngChunkReader.ReadChunks(png);
        Assert.Equal(["IHDR", "tEXt"], chunks.Take(2).Select(c => c.Type));
        Assert.DoesNotContain(chunks, c => c.Type == "tIME");
        var text = Assert.Single(PngChunkReader.ReadTexts(png));
        Assert.Equal(("tEXt", "parameters", parameters), text);
    }

    [Fact]
    public async Task Text_beyond_latin1_goes_to_an_utf8_iTXt_chunk()
    {
        var parameters = "富士山の夕焼け, 🦊, “quoted”\nSteps: 20, CFG scale: 7, Seed: 1, Size: 32x16, Batch size: 1";

        await _store.SaveAsync(JobId, 0, TestImage(32, 16, 3, seed: 1), parameters, CancellationToken.None);

        var png = await File.ReadAllBytesAsync(Path.Combine(JobDirectory, "00-1.png"));
        Assert.Equal("iTXt", PngChunkReader.ReadChunks(png)[1].Type);
        Assert.Equal(("iTXt", "parameters", parameters), Assert.Single(PngChunkReader.ReadTexts(png)));
        using var decoded = SKBitmap.Decode(png);
        Assert.Equal(32, decoded.Width);
    }

    [Fact]
    public async Task Same_input_gives_byte_identical_files()
    {
        var image = TestImage(128, 96, 3, seed: 42);

        await _store.SaveAsync(JobId, 0, image, "same", CancellationToken.None);
        var first = await File.ReadAllBytesAsync(Path.Combine(JobDirectory, "00-42.png"));
        await _store.SaveAsync("other-job", 0, image with { Pixels = (byte[])image.Pixels.Clone() }, "same", CancellationToken.None);
        var second = await File.ReadAllBytesAsync(Path.Combine(_store.Root, "other-job", "00-42.png"));
        await _store.SaveAsync(JobId, 0, image, "same", CancellationToken.None); // overwrite in place
        var third = await File.ReadAllBytesAsync(Path.Combine(JobDirectory, "00-42.png"));

        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public async Task No_temp_files_are_left_behind()
    {
        for (var i = 0; i < 3; i++)
        {
            await _store.SaveAsync(JobId, i, TestImage(40, 40, 3, seed: 100 + i), "p", CancellationToken.None);
        }

        Assert.NotNull(await _store.GetThumbnailAsync(JobId, "00-100.png", 16, CancellationToken.None));

        var files = Directory.GetFiles(JobDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order();
        Assert.Equal(["00-100-16.png", "00-100.png", "01-101.png", "02-102.png"], files);
    }

    [Fact]
    public async Task Malformed_images_and_job_ids_are_refused_on_save()
    {
        var wrongLength = TestImage(10, 10, 3, seed: 1) with { Pixels = new byte[299] };
        var twoChannels = TestImage(10, 10, 2, seed: 1);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(JobId, 0, wrongLength, "p", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(JobId, 0, twoChannels, "p", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync("../x", 0, TestImage(8, 8, 3, 1), "p", CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(_directory, "x")));
    }

    [Fact]
    public async Task ResolveOutput_finds_a_saved_file()
    {
        await _store.SaveAsync(JobId, 0, TestImage(8, 8, 3, seed: 5), "p", CancellationToken.None);

        Assert.Equal(Path.Combine(JobDirectory, "00-5.png"), _store.ResolveOutput(JobId, "00-5.png"));
        Assert.Null(_store.ResolveOutput(JobId, "00-6.png"));
        Assert.Null(_store.ResolveOutput("no-such-job", "00-5.png"));
    }

    public static TheoryData<string, string> HostileNames => new()
    {
        { JobId, "../../etc/passwd" },
        { JobId, ".." },
        { JobId, "." },
        { JobId, "/etc/passwd" },
        { JobId, "a/b.png" },
        { JobId, "a\\b.png" },
        { JobId, "%2e%2e%2fx" },
        { JobId, "..%2f00-5.png" },
        { JobId, ".hidden" },
        { JobId, "" },
        { JobId, " " },
        { JobId, "00-5.png\n" },
        { JobId, "00-5.png\0" },
        { JobId, "thumbs" },
        { JobId, new string('a', 200) },
        { JobId, "~/00-5.png" },
        { "../x", "00-5.png" },
        { "..", "00-5.png" },
        { "", "00-5.png" },
        { "/tmp", "00-5.png" },
        { JobId + "/..", "00-5.png" },
        { new string('j', 65), "00-5.png" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Names_that_leave_the_job_folder_resolve_to_nothing(string jobId, string filename)
    {
        await _store.SaveAsync(JobId, 0, TestImage(8, 8, 3, seed: 5), "p", CancellationToken.None);
        Directory.CreateDirectory(Path.Combine(JobDirectory, "thumbs"));
        await File.WriteAllTextAsync(Path.Combine(JobDirectory, ".hidden"), "secret");
        await File.WriteAllTextAsync(Path.Combine(_store.Root, "00-5.png"), "outside the job folder");

        Assert.Null(_store.ResolveOutput(jobId, filename));
        Assert.Null(await _store.GetThumbnailAsync(jobId, filename, 64, CancellationToken.None));
    }

    [Fact]
    public async Task A_symlink_in_the_job_folder_resolves_to_nothing()
    {
        await _store.SaveAsync(JobId, 0, TestImage(8, 8, 3, seed: 5), "p", CancellationToken.None);
        var secret = Path.Combine(_directory, "secret.png");
        await File.WriteAllTextAsync(secret, "not yours");
        File.CreateSymbolicLink(Path.Combine(JobDirectory, "link.png"), secret);
        File.CreateSymbolicLink(Path.Combine(JobDirectory, "inside.png"), Path.Combine(JobDirectory, "00-5.png"));

        Assert.Null(_store.ResolveOutput(JobId, "link.png"));
        Assert.Null(_store.ResolveOutput(JobId, "inside.png"));
        Assert.Null(await _store.GetThumbnailAsync(JobId, "link.png", 64, CancellationToken.None));
    }

    [Fact]
    public async Task A_symlinked_job_folder_resolves_to_nothing()
    {
        var elsewhere = Path.Combine(_directory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        await File.WriteAllTextAsync(Path.Combine(elsewhere, "00-5.png"), "not an output");
        Directory.CreateSymbolicLink(Path.Combine(_store.Root, "linked-job"), elsewhere);

        Assert.Null(_store.ResolveOutput("linked-job", "00-5.png"));
    }

    [Theory]
    [InlineData(400, 200, 100, 100, 50)]
    [InlineData(200, 400, 100, 50, 100)]
    [InlineData(300, 100, 64, 64, 21)]
    [InlineData(256, 256, 128, 128, 128)]
    [InlineData(120, 80, 512, 120, 80)] // never enlarged
    [InlineData(400, 200, 1, 16, 8)] // clamped up to 16
    [InlineData(2000, 1000, 5000, 1024, 512)] // clamped down to 1024
    public async Task Thumbnail_keeps_the_aspect_with_the_longest_side_at_size(int width, int height, int size, int expectedWidth, int expectedHeight)
    {
        await _store.SaveAsync(JobId, 0, TestImage(width, height, 3, seed: 1), "p", CancellationToken.None);

        var path = await _store.GetThumbnailAsync(JobId, "00-1.png", size, CancellationToken.None);

        Assert.NotNull(path);
        var clamped = Math.Clamp(size, 16, 1024);
        Assert.Equal(Path.Combine(JobDirectory, "thumbs", $"00-1-{clamped}.png"), path);
        using var thumbnail = SKBitmap.Decode(path);
        Assert.Equal(expectedWidth, thumbnail.Width);
        Assert.Equal(expectedHeight, thumbnail.Height);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Thumbnail_works_for_every_channel_count(int channels)
    {
        await _store.SaveAsync(JobId, 0, TestImage(200, 100, channels, seed: 1), "p", CancellationToken.None);

        var path = await _store.GetThumbnailAsync(JobId, "00-1.png", 50, CancellationToken.None);

        using var thumbnail = SKBitmap.Decode(path);
        Assert.Equal((50, 25), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task Thumbnail_is_a_faithful_downscale()
    {
        // Left half red, right half blue: the thumbnail keeps both colours where they were.
        var image = SolidHalves(256, 128);
        await _store.SaveAsync(JobId, 0, image, "p", CancellationToken.None);

        var path = await _store.GetThumbnailAsync(JobId, "00-3.png", 32, CancellationToken.None);

        using var thumbnail = SKBitmap.Decode(path);
        Assert.Equal(new SKColor(255, 0, 0), thumbnail.GetPixel(2, 8));
        Assert.Equal(new SKColor(0, 0, 255), thumbnail.GetPixel(29, 8));
    }

    [Fact]
    public async Task Thumbnail_is_cached_and_not_encoded_again()
    {
        await _store.SaveAsync(JobId, 0, TestImage(300, 200, 3, seed: 1), "p", CancellationToken.None);
        var first = await _store.GetThumbnailAsync(JobId, "00-1.png", 64, CancellationToken.None);
        Assert.NotNull(first);
        var past = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first, past);

        var second = await _store.GetThumbnailAsync(JobId, "00-1.png", 64, CancellationToken.None);
        var other = await _store.GetThumbnailAsync(JobId, "00-1.png", 32, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(past, File.GetLastWriteTimeUtc(second!));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Thumbnail_of_a_file_that_is_not_an_image_is_null()
    {
        Directory.CreateDirectory(JobDirectory);
        await File.WriteAllTextAsync(Path.Combine(JobDirectory, "broken.png"), "not a png");

        Assert.NotNull(_store.ResolveOutput(JobId, "broken.png"));
        Assert.Null(await _store.GetThumbnailAsync(JobId, "broken.png", 64, CancellationToken.None));
    }

    /// <summary>Noise over a gradient, so any channel or stride mix-up changes pixels.</summary>
    private static GeneratedImage TestImage(int width, int height, int channels, long seed)
    {
        var pixels = new byte[width * height * channels];
        new Random((int)seed).NextBytes(pixels);
        for (var i = 0; i < pixels.Length; i += 7)
        {
            pixels[i] = (byte)(i / channels % width * 255 / Math.Max(1, width - 1));
        }

        return new GeneratedImage { Width = width, Height = height, Channels = channels, Pixels = pixels, Seed = seed };
    }

    private static GeneratedImage SolidHalves(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                pixels[x < width / 2 ? i : i + 2] = 255;
            }
        }

        return new GeneratedImage { Width = width, Height = height, Channels = 3, Pixels = pixels, Seed = 3 };
    }

    private static byte[] ToRgba(GeneratedImage image)
    {
        var count = image.Width * image.Height;
        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            var s = image.Pixels.AsSpan(i * image.Channels, image.Channels);
            (rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2], rgba[i * 4 + 3]) = image.Channels switch
            {
                1 => (s[0], s[0], s[0], (byte)255),
                3 => (s[0], s[1], s[2], (byte)255),
                _ => (s[0], s[1], s[2], s[3]),
            };
        }

        return rgba;
    }
}
