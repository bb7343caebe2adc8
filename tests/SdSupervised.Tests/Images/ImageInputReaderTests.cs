using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Images;
using static SdSupervised.Tests.Images.TestImages;

namespace SdSupervised.Tests.Images;

public sealed class ImageInputReaderTests
{
    private static readonly byte[] Png = ImageCodec.Encode(Quadrants(16, 8), ImageFormat.Png);

    [Fact]
    public async Task Base64_and_data_urls_decode_to_the_image()
    {
        var reader = Reader(new RecordingDownloader());
        foreach (var value in new[] { Convert.ToBase64String(Png), "data:image/png;base64," + Convert.ToBase64String(Png), "\n " + Convert.ToBase64String(Png) })
        {
            var result = await reader.ReadAsync(value, CancellationToken.None);
            Assert.True(result.Accepted, result.Error?.Message);
            Assert.Equal(Png, result.Bytes);
            Assert.Equal(SourceImageFormat.Png, result.Format);
            Assert.Equal((16, 8), (result.Image!.Width, result.Image.Height));
        }
    }

    [Fact]
    public async Task Http_urls_go_to_the_downloader_and_its_bytes_are_decoded()
    {
        var downloader = new RecordingDownloader { Answer = new ImageDownloadResult(Png, null) };
        var result = await Reader(downloader).ReadAsync(" https://images.example/a.png ", CancellationToken.None);

        Assert.True(result.Accepted, result.Error?.Message);
        Assert.Equal(new Uri("https://images.example/a.png"), Assert.Single(downloader.Urls));
        Assert.Equal(16, result.Image!.Width);
    }

    [Fact]
    public async Task A_downloaded_body_that_is_not_an_image_is_invalid_image()
    {
        var downloader = new RecordingDownloader { Answer = new ImageDownloadResult("<html>nope</html>"u8.ToArray(), null) };
        var result = await Reader(downloader).ReadAsync("http://images.example/a.png", CancellationToken.None);
        Assert.Equal((400, ImageInputErrors.InvalidImage), (result.Error!.Status, result.Error.Code));
        Assert.Contains("HTML", result.Error.Message);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("gopher://example.com/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("localhost:8080/a.png")]
    [InlineData("http://user:secret@example.com/a.png")]
    public async Task Other_schemes_are_refused_as_url_not_allowed_without_a_request(string value)
    {
        var downloader = RealDownloader();
        var result = await Reader(downloader).ReadAsync(value, CancellationToken.None);
        Assert.Equal((400, ImageInputErrors.UrlNotAllowed), (result.Error!.Status, result.Error.Code));
    }

    [Fact]
    public async Task Bad_base64_and_empty_values_are_refused()
    {
        var reader = Reader(new RecordingDownloader());
        Assert.Equal(ImageInputErrors.InvalidBase64, (await reader.ReadAsync("!!!!", CancellationToken.None)).Error?.Code);
        Assert.Equal(ImageInputErrors.InvalidImage, (await reader.ReadAsync("  ", CancellationToken.None)).Error?.Code);
        Assert.Equal(ImageInputErrors.InvalidImage, (await reader.ReadAsync(Convert.ToBase64String("plain text"u8), CancellationToken.None)).Error?.Code);
    }

    [Fact]
    public void Size_limits_answer_413()
    {
        var reader = Reader(new RecordingDownloader(), new LimitsOptions { MaxUploadBytes = 1024, MaxInputPixels = 100 });

        var bytes = reader.FromBytes(new byte[1025]);
        Assert.Equal((413, ImageInputErrors.ImageTooLarge), (bytes.Error!.Status, bytes.Error.Code));

        var base64 = reader.FromBase64(Convert.ToBase64String(new byte[4096]));
        Assert.Equal((413, ImageInputErrors.ImageTooLarge), (base64.Error!.Status, base64.Error.Code));

        var pixels = reader.FromBytes(ImageCodec.Encode(Gradient(11, 10), ImageFormat.Png));
        Assert.Equal((413, ImageInputErrors.ImageTooLarge), (pixels.Error!.Status, pixels.Error.Code));
        Assert.Contains("MaxInputPixels", pixels.Error.Message);
        Assert.True(reader.FromBytes(ImageCodec.Encode(Gradient(10, 10), ImageFormat.Png)).Accepted);
    }

    [Fact]
    public async Task Downloader_refusals_pass_through_unchanged()
    {
        var refusal = ImageInputErrors.Download("images.example answered 404 Not Found.");
        var result = await Reader(new RecordingDownloader { Answer = ImageDownloadResult.Refused(refusal) })
            .ReadUrlAsync("http://images.example/missing.png", CancellationToken.None);
        Assert.Same(refusal, result.Error);
    }

    [Fact]
    public async Task The_url_reader_refuses_base64()
    {
        var result = await Reader(new RecordingDownloader()).ReadUrlAsync(Convert.ToBase64String(Png), CancellationToken.None);
        Assert.Equal(ImageInputErrors.UrlNotAllowed, result.Error?.Code);
    }

    private static ImageInputReader Reader(IImageDownloader downloader, LimitsOptions? limits = null) =>
        new(downloader, Options.Create(new SupervisorOptions { Limits = limits ?? new LimitsOptions() }));

    private static SafeImageDownloader RealDownloader() =>
        new(Options.Create(new SupervisorOptions()), new NetworkAddressPolicy([], false), NullLogger<SafeImageDownloader>.Instance);

    private sealed class RecordingDownloader : IImageDownloader
    {
        public List<Uri> Urls { get; } = [];
        public ImageDownloadResult Answer { get; init; } = ImageDownloadResult.Refused(ImageInputErrors.Download("not expected"));

        public Task<ImageDownloadResult> DownloadAsync(Uri url, CancellationToken cancellationToken)
        {
            Urls.Add(url);
            return Task.FromResult(Answer);
        }
    }
}
