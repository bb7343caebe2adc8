using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAISizeParserTests
{
    private static readonly LimitsOptions Limits = new() { MinSize = 64, MaxSize = 2048 };

    [Theory]
    [InlineData("512x512", 512, 512)]
    [InlineData("1024x1024", 1024, 1024)]
    [InlineData("1792x1024", 1792, 1024)]
    [InlineData("1024x1792", 1024, 1792)]
    [InlineData("256X256", 256, 256)]
    [InlineData(" 64x2048 ", 64, 2048)]
    public void Sizes_within_the_rules_are_taken_as_given(string size, int width, int height)
    {
        var result = OpenAISizeParser.Parse(size, Limits);

        Assert.True(result.Succeeded, result.Failure?.Error.Message);
        Assert.Equal(new ImageSize(width, height), result.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void Auto_or_no_size_is_left_to_the_caller(string? size)
    {
        var result = OpenAISizeParser.Parse(size, Limits);

        Assert.True(result.Succeeded);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("513x512")]      // not a multiple of 8
    [InlineData("4096x4096")]    // above MaxSize
    [InlineData("32x32")]        // below MinSize
    [InlineData("512")]
    [InlineData("512x")]
    [InlineData("x512")]
    [InlineData("-512x512")]
    [InlineData("512x512x512")]
    [InlineData("large")]
    [InlineData("512.0x512")]
    public void Sizes_outside_the_rules_are_refused_naming_size(string size)
    {
        var result = OpenAISizeParser.Parse(size, Limits);

        Assert.False(result.Succeeded);
        Assert.Equal(400, result.Failure!.Status);
        Assert.Equal("size", result.Failure.Error.Param);
        Assert.Equal(OpenAIErrors.InvalidRequest, result.Failure.Error.Type);
        Assert.Contains(size.Trim(), result.Failure.Error.Message);
    }

    [Fact]
    public void OpenAIs_wide_size_is_refused_when_the_server_limits_are_smaller()
    {
        var result = OpenAISizeParser.Parse("1792x1024", new LimitsOptions { MinSize = 64, MaxSize = 1024 });

        Assert.False(result.Succeeded);
        Assert.Contains("1024", result.Failure!.Error.Message);
    }

    [Theory]
    [InlineData(512, 512, 512, 512)]
    [InlineData(500, 300, 504, 304)]       // nearest multiples of 8 (37.5 rounds up)
    [InlineData(4096, 2048, 2048, 1024)]   // scaled down, aspect kept
    [InlineData(3000, 1000, 2048, 680)]
    [InlineData(20, 20, 64, 64)]           // raised to MinSize
    public void Fit_to_limits_keeps_the_aspect_on_multiples_of_8(int width, int height, int expectedWidth, int expectedHeight)
    {
        var size = OpenAISizeParser.FitToLimits(width, height, Limits);

        Assert.Equal(new ImageSize(expectedWidth, expectedHeight), size);
        Assert.Equal(0, size.Width % 8);
        Assert.Equal(0, size.Height % 8);
    }

    [Fact]
    public void Sizes_print_as_OpenAI_writes_them() => Assert.Equal("1792x1024", new ImageSize(1792, 1024).ToString());
}
