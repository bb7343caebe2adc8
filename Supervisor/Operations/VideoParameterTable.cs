using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Operations;

/// <summary>
/// <c>POST /api/generate/video</c>'s fields for <c>/api/parameters</c> (mode <c>video</c>): defaults from a fresh
/// <see cref="VideoRequest"/>, limits from the live <see cref="VideoOptions"/> that
/// <see cref="Generation.Video.VideoRequestValidator"/> enforces.
/// </summary>
public sealed class VideoParameterTable(IOptions<VideoOptions> options)
{
    public static readonly IReadOnlyList<string> VideoModes = ["video"];

    public IReadOnlyList<ParameterDescriptor> Describe()
    {
        var limits = options.Value;
        var d = new VideoRequest();
        const string Image = "base64 (or a data: URL) or an http(s) URL; resized to width x height";
        ParameterDescriptor[] fields =
        [
            Field(nameof(d.Prompt), "string", true, d.Prompt, null, null, "What the video shows; must not be empty."),
            Field(nameof(d.NegativePrompt), "string", false, d.NegativePrompt ?? "", null, null, "What to avoid."),
            Field(nameof(d.Model), "string", true, d.Model, null, Text2ImgParameterTable.ModelNameMaxLength,
                "A Wan video model from the catalog (Wan 2.1 T2V/I2V/FLF2V, Wan 2.2; for A14B the low-noise expert). An image model is refused with 422."),
            Field(nameof(d.HighNoiseModel), "string", false, d.HighNoiseModel, null, Text2ImgParameterTable.ModelNameMaxLength,
                "Wan 2.2 A14B: the high-noise expert; null = the catalog's partner of model (same architecture, 'high_noise' for 'low_noise' in the name)."),
            Field(nameof(d.InitImage), "string", false, null, null, null, $"I2V / FLF2V: the first frame, {Image}. Required for I2V and FLF2V models."),
            Field(nameof(d.EndImage), "string", false, null, null, null, $"FLF2V: the last frame, {Image}; needs init_image."),
            Field(nameof(d.Width), "integer", false, d.Width, 64, limits.MaxSize, "Video width in pixels.", 16),
            Field(nameof(d.Height), "integer", false, d.Height, 64, limits.MaxSize, "Video height in pixels.", 16),
            Field(nameof(d.VideoFrames), "integer", false, d.VideoFrames, 1, limits.MaxFrames, "Frames to generate; Wan wants 4k+1 (the library rounds others down)."),
            Field(nameof(d.Fps), "integer", false, d.Fps, 1, limits.MaxFps, "Frames per second of video.mp4."),
            Field(nameof(d.FlowShift), "number", false, d.FlowShift, 0, 100, "Flow shift of the schedule; null = Wan's own."),
            Field(nameof(d.CfgScale), "number", false, (double)d.CfgScale, 0, 30, "Classifier-free guidance scale."),
            Field(nameof(d.SamplingMethod), "string", false, d.SamplingMethod, null, null, "Sampler; null = the model's default.", allowed: SamplerNames.SamplingMethods),
            Field(nameof(d.Scheduler), "string", false, d.Scheduler, null, null, "Noise schedule; null = the model's default.", allowed: SamplerNames.Schedulers),
            Field(nameof(d.Steps), "integer", false, d.Steps, 1, limits.MaxSteps, "Sampling steps (of the low-noise model for a Wan 2.2 pair)."),
            Field(nameof(d.Seed), "integer", false, d.Seed, -1, null, "Seed; -1 or \"random\" picks one when the job is queued."),
            Field(nameof(d.Strength), "number", false, d.Strength, 0, 1, "How far the video may move from init_image; null = the library's default."),
            Field(nameof(d.Loras), "array", false, d.Loras, null, null, "LoRAs from the catalog as [{name, weight}]."),
            Field(nameof(d.HighNoiseLoras), "array", false, d.HighNoiseLoras, null, null, "Wan 2.2: LoRAs for the high-noise expert, as [{name, weight}]."),
            Field(nameof(d.VaeModel), "string", false, d.VaeModel, null, Text2ImgParameterTable.ModelNameMaxLength, "A VAE from the catalog instead of the one paired with the model."),
            Field(nameof(d.HighNoiseSteps), "integer", false, d.HighNoiseSteps, 1, limits.MaxSteps, "Wan 2.2: steps on the high-noise expert, before steps; null = the library splits steps at its boundary."),
            Field(nameof(d.HighNoiseCfgScale), "number", false, d.HighNoiseCfgScale, 0, 30, "Wan 2.2: the high-noise expert's CFG scale; null = the library's default."),
            Field(nameof(d.HighNoiseSamplingMethod), "string", false, d.HighNoiseSamplingMethod, null, null, "Wan 2.2: the high-noise expert's sampler.", allowed: SamplerNames.SamplingMethods),
            Field(nameof(d.HighNoiseScheduler), "string", false, d.HighNoiseScheduler, null, null, "Wan 2.2: the high-noise expert's schedule.", allowed: SamplerNames.Schedulers),
            Field(nameof(d.HighNoiseFlowShift), "number", false, d.HighNoiseFlowShift, 0, 100, "Wan 2.2: the high-noise expert's flow shift."),
            Field(nameof(d.Fault), "string", false, d.Fault, null, null, "Test only (--allow-fault-injection): fault to inject into the worker.", allowed: FaultNames.All.Keys.ToList()),
            Field(nameof(d.FaultAttempts), "integer", false, d.FaultAttempts, 1, null, "Test only, needs fault: inject on the first N attempts; null = every attempt."),
            Field(nameof(d.FaultStep), "integer", false, d.FaultStep, 1, null, "Test only, needs fault: sampling step (across both models) at which the fault fires."),
            .. Text2ImgParameterTable.PresetFields(),
        ];
        return [.. fields.Select(f => f with { Modes = VideoModes })];
    }

    private static ParameterDescriptor Field(string property, string type, bool required, object? @default, double? min, double? max,
        string description, int? multipleOf = null, IReadOnlyList<string>? allowed = null) =>
        new(ApiJson.Name(property), type, required, @default, min, max, multipleOf, allowed, description);
}
