using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Tests.Generation;

/// <summary>Which reference, PhotoMaker and canny inputs go together (400) and which models take them (422).</summary>
public sealed class IdentityInputRulesTests
{
    private static readonly LimitsOptions Limits = new() { MaxSize = 1024, MaxRefImages = 2, MaxPmIdImages = 3 };
    private static readonly DecodedImage Small = new(16, 16, new byte[16 * 16 * 4]);

    [Fact]
    public void Counts_and_edges_are_bounded_by_the_limits()
    {
        var errors = Request(new GenerationDraft
        {
            RefImages = [Small, Small, Small],
            PmIdImages = [Small, new DecodedImage(1032, 8, new byte[1032 * 8 * 4])],
            Parameters = new GenerationParameters { Prompt = "a man img", Photomaker = "pm" },
        });

        Assert.Equal("at most 2 reference images per job (got 3; Sds:Limits:MaxRefImages).", Assert.Single(errors["ref_images"]));
        Assert.Equal("the image is 1032x8, larger than 1024 px per edge (Sds:Limits:MaxSize); scale it down.", Assert.Single(errors["pm_id_images[1]"]));
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void PhotoMaker_needs_its_id_images_and_the_trigger_word_and_they_need_it()
    {
        var withoutImages = Request(new GenerationDraft { Parameters = new GenerationParameters { Prompt = "a man", Photomaker = "pm" } });
        Assert.StartsWith("pm_id_images is required with photomaker", Assert.Single(withoutImages["pm_id_images"]));
        Assert.Contains("trigger word 'img'", Assert.Single(withoutImages["prompt"]));

        var orphans = Request(new GenerationDraft { PmIdImages = [Small], Parameters = new GenerationParameters { Prompt = "x", PmStyleStrength = 10, PmIdEmbedPath = "e.bin" } });
        Assert.Equal(["pm_id_embed_path", "pm_id_images", "pm_style_strength"], orphans.Keys.Order());

        Assert.Empty(Request(new GenerationDraft { PmIdImages = [Small], Parameters = new GenerationParameters { Prompt = "portrait of IMG, smiling", Photomaker = "pm" } }));
        Assert.Contains("prompt", Request(new GenerationDraft { PmIdImages = [Small], Parameters = new GenerationParameters { Prompt = "imgur photo", Photomaker = "pm" } }).Keys);
    }

    [Fact]
    public void Canny_belongs_to_controlnet_requests()
    {
        var text2img = Request(new GenerationDraft { Type = JobType.Text2Img, Parameters = new GenerationParameters { Prompt = "x", ControlPreprocess = "canny" } });
        var thresholdsAlone = Request(new GenerationDraft { Type = JobType.ControlNet, Parameters = new GenerationParameters { Prompt = "x", Canny = new CannyParameters() } });

        Assert.Equal("control_preprocess is for ControlNet requests (POST /api/generate/controlnet).", Assert.Single(text2img["control_preprocess"]));
        Assert.Equal("canny thresholds need control_preprocess: \"canny\".", Assert.Single(thresholdsAlone["canny"]));
        Assert.Empty(Request(new GenerationDraft { Type = JobType.ControlNet, Parameters = new GenerationParameters { Prompt = "x", ControlPreprocess = "canny", Canny = new CannyParameters() } }));
    }

    [Theory]
    [InlineData(ModelArchitecture.FluxKontext, true)]
    [InlineData(ModelArchitecture.QwenImageEdit, true)]
    [InlineData(ModelArchitecture.FluxDev, false)]
    [InlineData(ModelArchitecture.QwenImage, false)]
    [InlineData(ModelArchitecture.Sdxl, false)]
    public void Only_editing_models_take_reference_images(ModelArchitecture architecture, bool takes)
    {
        var errors = Model(new GenerationParameters { Model = "m" }, refImages: 1, Architectures.Get(architecture));

        if (takes)
        {
            Assert.Empty(errors);
            return;
        }
        Assert.Equal($"model 'm' ({Architectures.Get(architecture).DisplayName}) cannot use reference images; models that can: Flux.1 Kontext dev, Qwen Image Edit. For img2img use init_image.",
            Assert.Single(errors["ref_images"]));
    }

    [Fact]
    public void PhotoMaker_takes_an_sdxl_model_and_an_unknown_model_takes_nothing()
    {
        Assert.Empty(Model(new GenerationParameters { Model = "xl", Photomaker = "pm" }, 0, Architectures.Get(ModelArchitecture.Sdxl)));
        Assert.Empty(Model(new GenerationParameters { Model = "ssd", Photomaker = "pm" }, 0, Architectures.Get(ModelArchitecture.Ssd1b)));
        Assert.Equal("model 'v15' (Stable Diffusion 1.x) cannot use PhotoMaker; it needs an SDXL model (Stable Diffusion XL and its fine-tunes).",
            Assert.Single(Model(new GenerationParameters { Model = "v15", Photomaker = "pm" }, 0, Architectures.Get(ModelArchitecture.Sd1))["photomaker"]));

        var unknown = Model(new GenerationParameters { Photomaker = "pm" }, 2, null);
        Assert.StartsWith("the default model (not in the catalog, so its architecture is unknown) cannot use reference images", Assert.Single(unknown["ref_images"]));
        Assert.Contains("photomaker", unknown.Keys);
    }

    [Theory]
    [InlineData(null, null, null, null, true)]
    [InlineData(0f, 0f, 0f, 0f, true)]
    [InlineData(1f, 1f, 1f, 1f, true)]
    [InlineData(1.5f, null, null, null, false)]
    [InlineData(null, -0.1f, null, null, false)]
    [InlineData(null, null, 2f, null, false)]
    [InlineData(null, null, null, float.NaN, false)]
    [InlineData(0.05f, null, null, null, false)] // low (default 0.08) above high
    public void The_validator_bounds_canny_to_the_unit_range(float? high, float? low, float? weak, float? strong, bool valid)
    {
        var request = new ControlNetRequest
        {
            Prompt = "edges", ControlPreprocess = "canny",
            Canny = new CannyRequest { HighThreshold = high, LowThreshold = low, Weak = weak, Strong = strong },
        };

        Assert.Equal(valid, Validate(request).IsValid);
    }

    [Fact]
    public void The_validator_knows_canny_only_and_bounds_pm_style_strength()
    {
        Assert.True(Validate(new ControlNetRequest { Prompt = "x", ControlPreprocess = " Canny " }).IsValid);
        Assert.Equal("control_preprocess 'depth' is not one of: canny.", Assert.Single(Validate(new ControlNetRequest { Prompt = "x", ControlPreprocess = "depth" }).Errors).ErrorMessage);
        Assert.True(Validate(new Text2ImgRequest { Prompt = "x", PmStyleStrength = 100 }).IsValid);
        Assert.False(Validate(new Text2ImgRequest { Prompt = "x", PmStyleStrength = 100.5f }).IsValid);
        Assert.False(Validate(new Text2ImgRequest { Prompt = "x", PmStyleStrength = -1 }).IsValid);
    }

    private static FluentValidation.Results.ValidationResult Validate(GenerationRequest request) =>
        new GenerationParametersValidator(Options.Create(new SupervisorOptions())).Validate(GenerationService.Normalise(request.ToParameters()));

    private static Dictionary<string, List<string>> Request(GenerationDraft draft)
    {
        var errors = new Dictionary<string, List<string>>();
        IdentityInputRules.CheckRequest(draft, draft.Parameters, Limits, (f, m) => (errors.TryGetValue(f, out var l) ? l : errors[f] = []).Add(m));
        return errors;
    }

    private static Dictionary<string, List<string>> Model(GenerationParameters p, int refImages, ArchitectureInfo? model)
    {
        var errors = new Dictionary<string, List<string>>();
        IdentityInputRules.CheckModel(p, refImages, model, (f, m) => (errors.TryGetValue(f, out var l) ? l : errors[f] = []).Add(m));
        return errors;
    }
}
