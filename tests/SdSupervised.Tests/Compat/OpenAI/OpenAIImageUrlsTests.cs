using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIImageUrlsTests
{
    [Fact]
    public void A_png_url_is_the_stored_output()
    {
        var url = OpenAIImageUrls.For("http://127.0.0.1:8080/", "abc", "00-42.png", OpenAIOutputEncoding.Png);

        Assert.Equal("http://127.0.0.1:8080/api/v1/jobs/abc/output/00-42.png", url);
    }

    [Theory]
    [InlineData(ImageFormat.Jpeg, 80, "http://h:1/v1/images/files/abc/00-42.jpeg?quality=80")]
    [InlineData(ImageFormat.Webp, 100, "http://h:1/v1/images/files/abc/00-42.webp?quality=100")]
    public void Jpeg_and_webp_urls_convert_on_request(ImageFormat format, int quality, string expected) =>
        Assert.Equal(expected, OpenAIImageUrls.For("http://h:1", "abc", "00-42.png", new OpenAIOutputEncoding(format, quality)));

    [Fact]
    public void Names_are_escaped() =>
        Assert.Equal("http://h/api/v1/jobs/a%20b/output/x%23y.png", OpenAIImageUrls.For("http://h", "a b", "x#y.png", OpenAIOutputEncoding.Png));
}
