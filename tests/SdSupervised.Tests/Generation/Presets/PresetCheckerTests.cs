using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Tests.Generation.Presets;

/// <summary>A preset is judged by the rules of the request it goes into: its field names, their JSON types and the validator.</summary>
public sealed class PresetCheckerTests
{
    private static readonly SupervisorOptions Supervisor = new() { Limits = new LimitsOptions { MaxSteps = 50 } };

    private static readonly PresetChecker Checker = new(
        new GenerationParametersValidator(Options.Create(Supervisor)), Options.Create(new VideoOptions()), Options.Create(Supervisor));

    private static readonly PresetTarget Text2Img = PresetTarget.For(typeof(Text2ImgRequest));
    private static readonly PresetTarget Video = PresetTarget.For(typeof(VideoRequest));

    private static Dictionary<string, List<string>> Check(string json, PresetTarget target) => Checker.Check(JsonNode.Parse(json)!.AsObject(), target);

    [Fact]
    public void A_preset_of_good_values_fits()
    {
        Assert.Empty(Check("""{"steps":30,"cfg_scale":5,"sampling_method":"euler","width":768,"loras":[{"name":"x","weight":0.5}],"taesd":true}""", Text2Img));
    }

    [Fact]
    public void A_field_the_request_does_not_take_is_named()
    {
        var errors = Check("""{"stepz":30,"hires":{"scael":2}}""", Text2Img);

        Assert.Equal(["hires.scael", "stepz"], errors.Keys.Order());
        Assert.Contains("not a field of text2img", errors["stepz"][0]);
    }

    [Fact]
    public void A_value_of_the_wrong_json_type_is_named_by_its_field()
    {
        var errors = Check("""{"width":"wide"}""", Text2Img);

        Assert.Equal(["width"], errors.Keys);
        Assert.DoesNotContain("System.", errors["width"][0]);
    }

    [Theory]
    [InlineData("""{"steps":51}""", "steps", "between 1 and 50")]
    [InlineData("""{"width":500}""", "width", "multiple of 8")]
    [InlineData("""{"sampling_method":"warp"}""", "sampling_method", "not one of")]
    [InlineData("""{"hires":{"scale":9}}""", "hires.scale", "between 1 and")]
    [InlineData("""{"fault":"segv"}""", "fault", "disabled")]
    public void A_value_the_validator_refuses_is_refused_in_a_preset_too(string json, string field, string says)
    {
        var errors = Check(json, Text2Img);

        Assert.Contains(says, Assert.Single(errors, e => e.Key == field).Value[0]);
    }

    [Fact]
    public void Rules_broken_by_fields_the_preset_does_not_set_are_not_its_fault()
    {
        // No prompt, no model: the request supplies those.
        Assert.Empty(Check("""{"negative_prompt":"blurry"}""", Text2Img));
        Assert.Empty(Check("""{"video_frames":17,"fps":8}""", Video));
    }

    [Fact]
    public void Video_fields_fit_video_and_not_images()
    {
        Assert.Contains("video_frames", Check("""{"video_frames":17}""", Text2Img).Keys);
        Assert.Contains("video_frames", Check("""{"video_frames":100000}""", Video).Keys);
    }
}
