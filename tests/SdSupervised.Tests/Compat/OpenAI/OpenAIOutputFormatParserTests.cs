using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIOutputFormatParserTests
{
    [Theory]
    [InlineData(null, null, ImageFormat.Png, 100)]
    [InlineData("png", 10, ImageFormat.Png, 10)]
    [InlineData("jpeg", null, ImageFormat.Jpeg, 100)]
    [InlineData("JPEG", 80, ImageFormat.Jpeg, 80)]
    [InlineData("jpg", 55, ImageFormat.Jpeg, 55)]
    [InlineData("webp", 0, ImageFormat.Webp, 1)]   // the encoder's floor
    [InlineData("webp", 100, ImageFormat.Webp, 100)]
    public void Format_and_compression_become_format_and_quality(string? format, int? compression, ImageFormat expected, int quality)
    {
        var result = OpenAIOutputFormatParser.Parse(format, compression);

        Assert.True(result.Succeeded, result.Failure?.Error.Message);
        Assert.Equal(expected, result.Value!.Format);
        Assert.Equal(quality, result.Value.Quality);
    }

    [Theory]
    [InlineData(ImageFormat.Png, "png", "image/png")]
    [InlineData(ImageFormat.Jpeg, "jpeg", "image/jpeg")]
    [InlineData(ImageFormat.Webp, "webp", "image/webp")]
    public void Each_format_has_OpenAIs_name_and_a_content_type(ImageFormat format, string name, string contentType)
    {
        var encoding = new OpenAIOutputEncoding(format, 90);

        Assert.Equal(name, encoding.Name);
        Assert.Equal(contentType, encoding.ContentType);
    }

    [Theory]
    [InlineData("gif", null, "output_format")]
    [InlineData("bmp", null, "output_format")]
    [InlineData("jpeg", -1, "output_compression")]
    [InlineData("jpeg", 101, "output_compression")]
    public void Unknown_formats_and_compressions_out_of_range_are_refused(string format, int? compression, string param)
    {
        var result = OpenAIOutputFormatParser.Parse(format, compression);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.Failure!.Status);
        Assert.Equal(param, result.Failure.Error.Param);
    }
}
