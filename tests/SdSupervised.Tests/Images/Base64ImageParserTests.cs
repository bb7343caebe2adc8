using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Images;

public sealed class Base64ImageParserTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 200).Select(i => (byte)(i * 7)).ToArray();
    private static readonly string Standard = Convert.ToBase64String(Payload);

    public static TheoryData<string> Accepted => new()
    {
        Standard,
        "data:image/png;base64," + Standard,
        "DATA:image/jpeg;BASE64," + Standard,
        "data:;base64," + Standard,
        "  \n" + Standard + "\r\n ",
        string.Join("\n", Standard.Chunk(76).Select(c => new string(c))),         // MIME line breaks
        string.Join(" \t", Standard.Chunk(10).Select(c => new string(c))),
        Standard.TrimEnd('='),                                                     // padding left out
        Standard.Replace('+', '-').Replace('/', '_'),                              // URL-safe alphabet
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepted_forms_decode_to_the_same_bytes(string text)
    {
        var (bytes, error) = Base64ImageParser.Parse(text, 1024);
        Assert.Null(error);
        Assert.Equal(Payload, bytes);
    }

    [Theory]
    [InlineData("", ImageInputErrors.InvalidBase64)]
    [InlineData("   ", ImageInputErrors.InvalidBase64)]
    [InlineData("not base64!", ImageInputErrors.InvalidBase64)]
    [InlineData("QUJD*", ImageInputErrors.InvalidBase64)]
    [InlineData("QQ=A", ImageInputErrors.InvalidBase64)]
    [InlineData("QUJDR", ImageInputErrors.InvalidBase64)]               // a lone trailing character
    [InlineData("data:image/png,QUJD", ImageInputErrors.InvalidBase64)] // not marked base64
    [InlineData("data:image/png;base64", ImageInputErrors.InvalidBase64)] // no comma
    [InlineData("data:text/html;base64,QUJD", ImageInputErrors.InvalidImage)]
    public void Malformed_text_is_refused_with_a_stable_code(string text, string code)
    {
        var (bytes, error) = Base64ImageParser.Parse(text, 1024);
        Assert.Null(bytes);
        Assert.Equal(code, error?.Code);
        Assert.Equal(400, error?.Status);
    }

    [Fact]
    public void Oversized_text_is_refused_before_decoding()
    {
        var big = new string('A', 10_000_000); // would be 7.5 MB
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (bytes, error) = Base64ImageParser.Parse(big, 1024);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(bytes);
        Assert.Equal(ImageInputErrors.ImageTooLarge, error?.Code);
        Assert.Equal(413, error?.Status);
        Assert.Contains("MaxUploadBytes", error!.Message);
        Assert.True(allocated < 100_000, $"refusing allocated {allocated} bytes");
    }

    [Fact]
    public void The_limit_is_on_decoded_bytes()
    {
        var exactly = Convert.ToBase64String(new byte[1024]);
        Assert.Null(Base64ImageParser.Parse(exactly, 1024).Error);
        Assert.Equal(ImageInputErrors.ImageTooLarge, Base64ImageParser.Parse(Convert.ToBase64String(new byte[1025]), 1024).Error?.Code);
    }
}
