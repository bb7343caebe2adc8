using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIImageFilesTests : IDisposable
{
    private const string JobId = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sds-openai-files-" + Guid.NewGuid().ToString("N"));
    private readonly OpenAIImageFiles _files;
    private readonly byte[] _png;

    public OpenAIImageFilesTests()
    {
        var store = new OutputStore(Path.Combine(_directory, "outputs"), NullLogger<OutputStore>.Instance);
        _files = new OpenAIImageFiles(store);
        var pixels = new byte[16 * 8 * 4];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = i % 4 == 3 ? (byte)255 : (byte)(i * 7);
        _png = ImageCodec.Encode(new DecodedImage(16, 8, pixels), ImageFormat.Png);
        Directory.CreateDirectory(Path.Combine(store.Root, JobId));
        File.WriteAllBytes(Path.Combine(store.Root, JobId, "00-7.png"), _png);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_png_is_the_stored_file_unchanged()
    {
        var file = await _files.ReadAsync(JobId, "00-7.png", null, CancellationToken.None);

        Assert.Equal("image/png", file.Value!.ContentType);
        Assert.Equal(_png, file.Value.Bytes);
    }

    [Theory]
    [InlineData("00-7.jpeg", "image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("00-7.jpg", "image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("00-7.webp", "image/webp", new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' })]
    public async Task Jpeg_and_webp_are_converted_from_the_stored_png(string name, string contentType, byte[] magic)
    {
        var file = await _files.ReadAsync(JobId, name, "80", CancellationToken.None);

        Assert.True(file.Succeeded, file.Failure?.Error.Message);
        Assert.Equal(contentType, file.Value!.ContentType);
        Assert.Equal(magic, file.Value.Bytes[..magic.Length]);
        var decoded = ImageCodec.TryDecode(file.Value.Bytes, out _);
        Assert.Equal((16, 8), (decoded!.Width, decoded.Height));
    }

    [Fact]
    public async Task A_lower_quality_makes_a_smaller_jpeg()
    {
        var best = await _files.ReadAsync(JobId, "00-7.jpeg", "100", CancellationToken.None);
        var worst = await _files.ReadAsync(JobId, "00-7.jpeg", "1", CancellationToken.None);

        Assert.True(worst.Value!.Bytes.Length < best.Value!.Bytes.Length);
    }

    [Theory]
    [InlineData(JobId, "01-7.jpeg")]
    [InlineData(JobId, "00-7.gif")]
    [InlineData(JobId, "00-7")]
    [InlineData(JobId, "../00-7.jpeg")]
    [InlineData("../" + JobId, "00-7.jpeg")]
    [InlineData("otherjob", "00-7.jpeg")]
    public async Task Unknown_names_and_escapes_are_404(string jobId, string name)
    {
        var file = await _files.ReadAsync(jobId, name, null, CancellationToken.None);

        Assert.Equal(404, file.Failure!.Status);
        Assert.Equal("invalid_request_error", file.Failure.Error.Type);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("101")]
    public async Task A_bad_quality_is_400_naming_quality(string quality)
    {
        var file = await _files.ReadAsync(JobId, "00-7.jpeg", quality, CancellationToken.None);

        Assert.Equal(400, file.Failure!.Status);
        Assert.Equal("quality", file.Failure.Error.Param);
    }
}
