using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Supervisor;

public sealed class LoraPromptTagsTests
{
    [Fact]
    public void Tags_leave_the_prompt_and_become_loras_in_order()
    {
        var (prompt, loras, error) = LoraPromptTags.Extract("a castle <lora:pixel_art:0.8>, night sky <lora:film-grain> ");

        Assert.Null(error);
        Assert.Equal("a castle , night sky", prompt);
        Assert.Equal([new LoraUse("pixel_art", 0.8f), new LoraUse("film-grain", 1.0f)], loras);
    }

    [Fact]
    public void A1111_extra_fields_after_the_weight_are_ignored() =>
        Assert.Equal([new LoraUse("detail", 0.5f)], LoraPromptTags.Extract("x <lora:detail:0.5:te=1>").Loras);

    [Fact]
    public void A_prompt_without_tags_is_unchanged()
    {
        var (prompt, loras, error) = LoraPromptTags.Extract("a <b> c: d");

        Assert.Equal(("a <b> c: d", 0, null), (prompt, loras.Count, error));
    }

    [Theory]
    [InlineData("<lora:x:heavy>")]
    [InlineData("<lora:x:NaN>")]
    [InlineData("<lora:x:1e40>")]
    public void A_weight_that_is_not_a_number_names_the_tag(string tag)
    {
        var error = LoraPromptTags.Extract($"a cat {tag}").Error;

        Assert.NotNull(error);
        Assert.Contains(tag, error);
    }
}
