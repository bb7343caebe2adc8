using System.Reflection;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation.Video;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Tests.Generation;

/// <summary>The video request's checks without HTTP or catalog: field limits from <see cref="VideoOptions"/>, then what the model needs.</summary>
public sealed class VideoRequestValidatorTests
{
    private static readonly VideoOptions Limits = new() { MaxFrames = 81, MaxFps = 30, MaxSize = 960, MaxSteps = 50 };
    private static readonly DecodedImage Frame = new(16, 16, new byte[16 * 16 * 4]);

    private static VideoDraft Draft(Func<VideoParameters, VideoParameters>? change = null, DecodedImage? init = null, DecodedImage? end = null, string? highNoise = null) => new()
    {
        Parameters = (change ?? (p => p))(new VideoParameters { Prompt = "a cat walking", Model = "wan" }),
        InitImage = init,
        EndImage = end,
        HighNoiseModel = highNoise,
    };

    private static VideoModelFacts Model(ModelArchitecture architecture, string? partner = null, bool clipVision = true, string? error = null) =>
        new("wan", architecture, error, partner, clipVision);

    [Fact]
    public void A_plain_text_to_video_request_passes()
    {
        Assert.Empty(VideoRequestValidator.CheckFields(Draft(), Limits));
        Assert.Empty(VideoRequestValidator.CheckModel(Draft(), Model(ModelArchitecture.Wan21T2V)));
    }

    [Theory]
    [InlineData(0, "video_frames")]
    [InlineData(82, "video_frames")]
    public void Frames_outside_the_configured_range_are_refused(int frames, string field)
    {
        var errors = VideoRequestValidator.CheckFields(Draft(p => p with { VideoFrames = frames }), Limits);
        Assert.Contains("81", Assert.Single(errors[field]));
    }

    [Fact]
    public void Fps_size_steps_and_scales_are_checked_by_field()
    {
        var errors = VideoRequestValidator.CheckFields(Draft(p => p with
        {
            Fps = 31, Width = 976, Height = 100, Steps = 51, CfgScale = -1, FlowShift = 0, Strength = 2, Seed = -5,
            HighNoise = new VideoHighNoiseParameters { Steps = 0, CfgScale = 31, FlowShift = -1 },
        }), Limits);
        Assert.Equal(
            new[] { "cfg_scale", "flow_shift", "fps", "height", "high_noise_cfg_scale", "high_noise_flow_shift", "high_noise_steps", "seed", "steps", "strength", "width" },
            errors.Keys.Order().ToArray());
        Assert.Contains("multiple of 16", errors["height"][0]);
        Assert.Contains("960", errors["width"][0]);
    }

    [Fact]
    public void Prompt_and_model_are_required()
    {
        var errors = VideoRequestValidator.CheckFields(Draft(p => p with { Prompt = "", Model = "" }), Limits);
        Assert.True(errors.ContainsKey("prompt"));
        Assert.True(errors.ContainsKey("model"));
    }

    [Fact]
    public void An_end_frame_without_a_first_frame_is_refused()
    {
        var errors = VideoRequestValidator.CheckFields(Draft(end: Frame), Limits);
        Assert.True(errors.ContainsKey("end_image"));
    }

    [Fact]
    public void Fault_injection_needs_the_server_flag()
    {
        Assert.True(VideoRequestValidator.CheckFields(Draft(p => p with { Fault = "segv" }), Limits).ContainsKey("fault"));
        Assert.Empty(VideoRequestValidator.CheckFields(Draft(p => p with { Fault = "segv" }), Limits, allowFaults: true));
        Assert.True(VideoRequestValidator.CheckFields(Draft(p => p with { Fault = "nope" }), Limits, allowFaults: true).ContainsKey("fault"));
    }

    [Theory]
    [InlineData(ModelArchitecture.Sdxl)]
    [InlineData(ModelArchitecture.FluxDev)]
    [InlineData(ModelArchitecture.Unknown)]
    public void An_image_model_is_not_a_video_model(ModelArchitecture architecture)
    {
        var errors = VideoRequestValidator.CheckModel(Draft(), Model(architecture));
        Assert.Contains("not a video model", Assert.Single(errors["model"]));
    }

    [Fact]
    public void A_model_the_catalog_could_not_use_reports_why()
    {
        var errors = VideoRequestValidator.CheckModel(Draft(), Model(ModelArchitecture.Unknown, error: "no model 'wan' in the catalog"));
        Assert.Equal("no model 'wan' in the catalog", Assert.Single(errors["model"]));
    }

    [Fact]
    public void Image_to_video_needs_a_first_frame_and_a_clip_vision_encoder()
    {
        var errors = VideoRequestValidator.CheckModel(Draft(), Model(ModelArchitecture.Wan21I2V, clipVision: false));
        Assert.True(errors.ContainsKey("init_image"));
        Assert.True(errors.ContainsKey("clip_vision"));
        Assert.Empty(VideoRequestValidator.CheckModel(Draft(init: Frame), Model(ModelArchitecture.Wan21I2V)));
    }

    [Fact]
    public void First_last_frame_to_video_needs_both_frames()
    {
        var errors = VideoRequestValidator.CheckModel(Draft(init: Frame), Model(ModelArchitecture.Wan21Flf2V));
        Assert.Equal(["end_image"], errors.Keys);
        Assert.Empty(VideoRequestValidator.CheckModel(Draft(init: Frame, end: Frame), Model(ModelArchitecture.Wan21Flf2V)));
    }

    [Fact]
    public void A_wan22_pair_without_its_high_noise_partner_says_which_is_missing()
    {
        var missing = VideoRequestValidator.CheckModel(Draft(), Model(ModelArchitecture.Wan22T2V));
        Assert.Contains("'wan'", Assert.Single(missing["high_noise_model"]));
        var named = VideoRequestValidator.CheckModel(Draft(highNoise: "wan22_high"), Model(ModelArchitecture.Wan22T2V));
        Assert.Contains("'wan22_high'", Assert.Single(named["high_noise_model"]));
        Assert.Empty(VideoRequestValidator.CheckModel(Draft(), Model(ModelArchitecture.Wan22T2V, partner: "wan22_high")));
    }

    [Fact]
    public void High_noise_fields_on_a_single_model_are_refused()
    {
        var errors = VideoRequestValidator.CheckModel(Draft(p => p with { HighNoise = new VideoHighNoiseParameters { Steps = 4 } }), Model(ModelArchitecture.Wan21T2V));
        Assert.True(errors.ContainsKey("high_noise_model"));
    }

    [Fact]
    public void Parameter_table_lists_every_video_request_field_once_with_the_configured_limits()
    {
        var table = new VideoParameterTable(Microsoft.Extensions.Options.Options.Create(Limits)).Describe();
        var fields = typeof(VideoRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => ApiJson.Name(p.Name)).Order().ToArray();
        Assert.Equal(fields, table.Select(p => p.Name).Order().ToArray());
        Assert.All(table, p => Assert.Equal(["video"], p.Modes));
        Assert.Equal(81, table.Single(p => p.Name == "video_frames").Max);
        Assert.Equal(30, table.Single(p => p.Name == "fps").Max);
        Assert.Equal(960, table.Single(p => p.Name == "width").Max);
    }
}
