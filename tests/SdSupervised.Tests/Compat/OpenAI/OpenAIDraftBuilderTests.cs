using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIDraftBuilderTests
{
    private static readonly DecodedImage Image = new(8, 8, new byte[8 * 8 * 4]);

    [Fact]
    public void N_is_the_batch_count_and_the_size_becomes_width_and_height()
    {
        var draft = OpenAIDraftBuilder.Text2Img(new OpenAIImageRequest { Prompt = "p", N = 3, Seed = 7, NegativePrompt = " ugly " }, new ImageSize(768, 512), null);

        Assert.Equal(JobType.Text2Img, draft.Type);
        Assert.Equal(3, draft.Parameters.BatchCount);
        Assert.Equal(768, draft.Parameters.Width);
        Assert.Equal(512, draft.Parameters.Height);
        Assert.Equal(7, draft.Parameters.Seed);
        Assert.Equal("ugly", draft.Parameters.NegativePrompt);
        Assert.Null(draft.InitImage);
    }

    [Fact]
    public void Without_a_seed_the_seed_is_random()
    {
        var draft = OpenAIDraftBuilder.Text2Img(new OpenAIImageRequest { Prompt = "p" }, new ImageSize(512, 512), null);

        Assert.Equal(-1, draft.Parameters.Seed);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("dall-e-2", null)]
    [InlineData("DALL-E-3", null)]
    [InlineData("gpt-image-1", null)]
    [InlineData("checkpoints--sd15.safetensors", "checkpoints--sd15.safetensors")]
    [InlineData(" flux1-dev ", "flux1-dev")]
    public void OpenAIs_model_names_mean_the_default_model(string? model, string? expected)
    {
        var draft = OpenAIDraftBuilder.Text2Img(new OpenAIImageRequest { Prompt = "p", Model = model }, new ImageSize(512, 512), null);

        Assert.Equal(expected, draft.Parameters.Model);
    }

    [Fact]
    public void Unset_steps_and_cfg_scale_come_from_the_models_recommendation_then_the_servers_defaults()
    {
        var flux = new RecommendedDefaults { Steps = 4, CfgScale = 1, Width = 1024, Height = 1024 };

        var recommended = OpenAIDraftBuilder.Text2Img(new OpenAIImageRequest { Prompt = "p" }, new ImageSize(512, 512), flux).Parameters;
        var asked = OpenAIDraftBuilder.Text2Img(new OpenAIImageRequest { Prompt = "p", Steps = 9, CfgScale = 3 }, new ImageSize(512, 512), flux).Parameters;
        var plain = OpenAIDraftBuilder.Text2Img(new OpenAIImageRequest { Prompt = "p" }, new ImageSize(512, 512), null).Parameters;

        Assert.Equal((4, 1f), (recommended.Steps, recommended.CfgScale));
        Assert.Equal((9, 3f), (asked.Steps, asked.CfgScale));
        Assert.Equal((new GenerationParameters().Steps, new GenerationParameters().CfgScale), (plain.Steps, plain.CfgScale));
    }

    [Fact]
    public void Auto_size_is_the_models_recommendation_else_512()
    {
        Assert.Equal(new ImageSize(1024, 1024), OpenAIDraftBuilder.AutoSize(new RecommendedDefaults { Width = 1024, Height = 1024 }));
        Assert.Equal(new ImageSize(512, 512), OpenAIDraftBuilder.AutoSize(null));
    }

    [Fact]
    public void An_edit_with_a_mask_is_inpainting_at_full_strength()
    {
        var mask = new DecodedImage(8, 8, new byte[8 * 8 * 4]);

        var draft = OpenAIDraftBuilder.Edit(new OpenAIImageRequest { Prompt = "p" }, new ImageSize(64, 64), null, Image, mask);

        Assert.Equal(JobType.Inpainting, draft.Type);
        Assert.Same(Image, draft.InitImage);
        Assert.Same(mask, draft.MaskImage);
        Assert.Equal(OpenAIDraftBuilder.InpaintingStrength, draft.Parameters.Strength);
        Assert.False(draft.InvertMask);
    }

    [Fact]
    public void An_edit_without_a_mask_is_img2img_at_the_default_strength_unless_asked()
    {
        var plain = OpenAIDraftBuilder.Edit(new OpenAIImageRequest { Prompt = "p" }, new ImageSize(64, 64), null, Image, null);
        var asked = OpenAIDraftBuilder.Edit(new OpenAIImageRequest { Prompt = "p", Strength = 0.3f }, new ImageSize(64, 64), null, Image, null);

        Assert.Equal(JobType.Img2Img, plain.Type);
        Assert.Null(plain.MaskImage);
        Assert.Equal(0.75f, plain.Parameters.Strength);
        Assert.Equal(0.3f, asked.Parameters.Strength);
    }
}
