using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Tests.Outputs;

public sealed class InfotextFormatterTests
{
    [Fact]
    public void Full_parameters_give_the_a1111_shape_with_a1111s_sampler_and_schedule_names()
    {
        var p = new GenerationParameters
        {
            Prompt = "a red fox in the snow",
            NegativePrompt = "blurry, lowres",
            Width = 512,
            Height = 768,
            Steps = 20,
            CfgScale = 7f,
            SamplingMethod = "euler_a",
            Scheduler = "karras",
            Seed = 5,
            BatchCount = 2,
            Model = "v1-5-pruned-emaonly",
            ClipSkip = 2,
        };

        var text = InfotextFormatter.Format(p, seed: 123);

        Assert.Equal(
            "a red fox in the snow\n" +
            "Negative prompt: blurry, lowres\n" +
            "Steps: 20, Sampler: Euler a, Schedule type: Karras, CFG scale: 7, Seed: 123, Size: 512x768, " +
            "Model: v1-5-pruned-emaonly, Clip skip: 2, Batch size: 2",
            text);
    }

    [Theory]
    [InlineData("dpm++2m", "karras", "Sampler: DPM++ 2M, Schedule type: Karras, ")]
    [InlineData("ipndm", "ays", "Sampler: ipndm, Schedule type: Align Your Steps, ")]
    [InlineData("euler", "discrete", "Sampler: Euler, Schedule type: Uniform, ")]
    public void Samplers_and_schedulers_go_by_a1111_names_and_keep_ours_where_a1111_has_none(string sampler, string scheduler, string expected) =>
        Assert.Contains(expected, InfotextFormatter.Format(new GenerationParameters { Prompt = "x", SamplingMethod = sampler, Scheduler = scheduler }, 1));

    [Fact]
    public void Unset_optional_fields_are_left_out()
    {
        var p = new GenerationParameters { Prompt = "cat", CfgScale = 7.5f, ClipSkip = -1 };

        var text = InfotextFormatter.Format(p, seed: 9_007_199_254_740_993);

        Assert.Equal("cat\nSteps: 20, CFG scale: 7.5, Seed: 9007199254740993, Size: 512x512, Batch size: 1", text);
    }

    [Theory]
    [InlineData(7f, "7")]
    [InlineData(7.5f, "7.5")]
    [InlineData(1f, "1")]
    [InlineData(4.25f, "4.25")]
    [InlineData(0.1f, "0.1")]
    [InlineData(12.3f, "12.3")]
    public void Cfg_scale_is_invariant_without_trailing_zeros(float cfg, string expected)
    {
        var text = InfotextFormatter.Format(new GenerationParameters { Prompt = "x", CfgScale = cfg }, 1);

        Assert.Contains($"CFG scale: {expected}, ", text);
    }

    [Fact]
    public void Values_with_separators_are_quoted_like_a1111()
    {
        var p = new GenerationParameters { Prompt = "x", Model = "my,model:v2" };

        var text = InfotextFormatter.Format(p, 1);

        Assert.Contains("Model: \"my,model:v2\", ", text);
    }

    [Fact]
    public void Clip_skip_zero_is_left_out()
    {
        var text = InfotextFormatter.Format(new GenerationParameters { Prompt = "x", ClipSkip = 0 }, 1);

        Assert.DoesNotContain("Clip skip", text);
    }
}
