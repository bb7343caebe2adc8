using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>
/// <c>POST /api/generate/video</c>'s body: a Wan model and the library's <c>generate_video</c> parameters. The rules are
/// <see cref="Generation.Video.VideoRequestValidator"/>'s.
/// </summary>
public sealed class VideoRequest : Generation.Presets.IAcceptsPresets
{
    public string? Prompt { get; set; }
    public string? NegativePrompt { get; set; }
    /// <summary>A Wan model from the catalog (for Wan 2.2 A14B, the low-noise expert).</summary>
    public string? Model { get; set; }
    /// <summary>Wan 2.2 A14B: the high-noise expert; null = the catalog's partner of <see cref="Model"/>.</summary>
    public string? HighNoiseModel { get; set; }
    /// <summary>I2V / FLF2V: the first frame, base64 or an http(s) URL.</summary>
    public string? InitImage { get; set; }
    /// <summary>FLF2V: the last frame, base64 or an http(s) URL.</summary>
    public string? EndImage { get; set; }
    public int Width { get; set; } = 832;
    public int Height { get; set; } = 480;
    public int VideoFrames { get; set; } = 33;
    public int Fps { get; set; } = 16;
    public float? FlowShift { get; set; }
    public float CfgScale { get; set; } = 6.0f;
    public string? SamplingMethod { get; set; }
    public string? Scheduler { get; set; }
    public int Steps { get; set; } = 20;
    [JsonConverter(typeof(SeedJsonConverter))]
    public long Seed { get; set; } = -1;
    /// <summary>How far the video may move from init_image, 0..1.</summary>
    public float? Strength { get; set; }
    public List<LoraRequest>? Loras { get; set; }
    /// <summary>Wan 2.2: LoRAs for the high-noise expert.</summary>
    public List<LoraRequest>? HighNoiseLoras { get; set; }
    /// <summary>A VAE from the catalog instead of the one paired with the model.</summary>
    public string? VaeModel { get; set; }
    /// <summary>Wan 2.2: steps on the high-noise expert; null = the library splits the steps at its boundary.</summary>
    public int? HighNoiseSteps { get; set; }
    public float? HighNoiseCfgScale { get; set; }
    public string? HighNoiseSamplingMethod { get; set; }
    public string? HighNoiseScheduler { get; set; }
    public float? HighNoiseFlowShift { get; set; }
    [Hosting.Http.OpenApi.TestOnlyField] public string? Fault { get; set; }
    [Hosting.Http.OpenApi.TestOnlyField] public int? FaultAttempts { get; set; }
    [Hosting.Http.OpenApi.TestOnlyField] public int FaultStep { get; set; } = 1;
    /// <summary>A presets/ file whose fields fill in those this body does not send (merged before binding).</summary>
    public string? Preset { get; set; }
    /// <summary>A neg_prompts/ file whose text goes before <see cref="NegativePrompt"/> (applied before binding).</summary>
    public string? NegativePromptPreset { get; set; }

    public VideoParameters ToParameters() => new()
    {
        Prompt = Prompt ?? "",
        NegativePrompt = NegativePrompt ?? "",
        Model = Model ?? "",
        Vae = VaeModel,
        Width = Width,
        Height = Height,
        VideoFrames = VideoFrames,
        Fps = Fps,
        FlowShift = FlowShift,
        CfgScale = CfgScale,
        SamplingMethod = SamplingMethod,
        Scheduler = Scheduler,
        Steps = Steps,
        Seed = Seed,
        Strength = Strength,
        Loras = [.. (Loras ?? []).Select(l => new LoraUse(l.Name ?? "", l.Weight))],
        HighNoiseLoras = [.. (HighNoiseLoras ?? []).Select(l => new LoraUse(l.Name ?? "", l.Weight))],
        HighNoise = HighNoiseSteps is null && HighNoiseCfgScale is null && HighNoiseSamplingMethod is null && HighNoiseScheduler is null && HighNoiseFlowShift is null
            ? null
            : new VideoHighNoiseParameters
            {
                Steps = HighNoiseSteps,
                CfgScale = HighNoiseCfgScale,
                SamplingMethod = HighNoiseSamplingMethod,
                Scheduler = HighNoiseScheduler,
                FlowShift = HighNoiseFlowShift,
            },
        Fault = Fault,
        FaultAttempts = FaultAttempts,
        FaultStep = FaultStep,
    };
}
