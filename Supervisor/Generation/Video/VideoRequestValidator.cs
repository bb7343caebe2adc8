using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Generation.Video;

/// <summary>
/// The checks of a video request without HTTP or catalog: numbers against <see cref="VideoOptions"/>' limits (400),
/// then what the model needs (422): a Wan model, an init image for I2V, both frames for FLF2V, a CLIP vision encoder,
/// and the high-noise partner of a Wan 2.2 A14B model. Every problem is reported by field.
/// </summary>
public static class VideoRequestValidator
{
    /// <summary>The field errors of <paramref name="draft"/>'s numbers and text; empty when they are all right.</summary>
    public static Dictionary<string, List<string>> CheckFields(VideoDraft draft, VideoOptions limits, bool allowFaults = false)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }
        var p = draft.Parameters;
        if (string.IsNullOrWhiteSpace(p.Prompt))
            Add("prompt", "prompt is required: what the video shows.");
        if (string.IsNullOrWhiteSpace(p.Model))
            Add("model", "model is required: a Wan video model from the catalog (GET /api/models?type=diffusion_model).");
        foreach (var (field, value) in new[] { ("width", p.Width), ("height", p.Height) })
        {
            if (value < 64 || value > limits.MaxSize)
                Add(field, $"{field} must be between 64 and {limits.MaxSize} (Sds:Video:MaxSize) (got {value}).");
            else if (value % 16 != 0)
                Add(field, $"{field} must be a multiple of 16 (got {value}).");
        }
        if (p.VideoFrames < 1 || p.VideoFrames > limits.MaxFrames)
            Add("video_frames", $"video_frames must be between 1 and {limits.MaxFrames} (Sds:Video:MaxFrames) (got {p.VideoFrames}).");
        if (p.Fps < 1 || p.Fps > limits.MaxFps)
            Add("fps", $"fps must be between 1 and {limits.MaxFps} (Sds:Video:MaxFps) (got {p.Fps}).");
        if (p.Steps < 1 || p.Steps > limits.MaxSteps)
            Add("steps", $"steps must be between 1 and {limits.MaxSteps} (Sds:Video:MaxSteps) (got {p.Steps}).");
        if (p.CfgScale is < 0 or > 30 || float.IsNaN(p.CfgScale))
            Add("cfg_scale", $"cfg_scale must be between 0 and 30 (got {p.CfgScale}).");
        if (p.FlowShift is { } shift && (shift is <= 0 or > 100 || float.IsNaN(shift)))
            Add("flow_shift", $"flow_shift must be above 0 and at most 100 (got {shift}).");
        if (p.Strength is { } strength && (strength is < 0 or > 1 || float.IsNaN(strength)))
            Add("strength", $"strength must be between 0 and 1 (got {strength}).");
        if (p.Seed < -1)
            Add("seed", $"seed must be -1 (random) or a non-negative number (got {p.Seed}).");
        if (p.HighNoise is { } high)
        {
            if (high.Steps is { } steps && (steps < 1 || steps > limits.MaxSteps))
                Add("high_noise_steps", $"high_noise_steps must be between 1 and {limits.MaxSteps} (got {steps}).");
            if (high.CfgScale is { } cfg && (cfg is < 0 or > 30 || float.IsNaN(cfg)))
                Add("high_noise_cfg_scale", $"high_noise_cfg_scale must be between 0 and 30 (got {cfg}).");
            if (high.FlowShift is { } hs && (hs is <= 0 or > 100 || float.IsNaN(hs)))
                Add("high_noise_flow_shift", $"high_noise_flow_shift must be above 0 and at most 100 (got {hs}).");
        }
        foreach (var lora in p.Loras.Concat(p.HighNoiseLoras))
            if (string.IsNullOrWhiteSpace(lora.Name))
                Add("loras", "every LoRA needs a name.");
        if (p.Fault is { } fault)
        {
            if (!allowFaults)
                Add("fault", "fault injection is only accepted by a server started with --allow-fault-injection.");
            else if (!Jobs.FaultNames.All.ContainsKey(fault))
                Add("fault", $"fault '{fault}' is not one of: {string.Join(", ", Jobs.FaultNames.All.Keys)}.");
        }
        if (draft.EndImage is not null && draft.InitImage is null)
            Add("end_image", "end_image (FLF2V) needs init_image, the first frame, too.");
        return errors;
    }

    /// <summary>What the model needs that the request or the catalog lacks (422, by field); empty when it can run.</summary>
    public static Dictionary<string, List<string>> CheckModel(VideoDraft draft, VideoModelFacts model)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var l) ? l : errors[field] = []).Add(message);
        var name = draft.Parameters.Model;
        if (model.Error is not null)
        {
            Add("model", model.Error);
            return errors;
        }
        if (!model.IsVideoModel)
        {
            Add("model", $"'{name}' is not a video model (detected: {model.Architecture}); POST /api/generate/video needs a Wan model (Wan 2.1 T2V/I2V/FLF2V, Wan 2.2). Use /api/generate/text2img for image models.");
            return errors;
        }
        if (model.NeedsInitImage && draft.InitImage is null)
            Add("init_image", $"init_image is required: '{name}' ({model.Architecture}) makes a video from a first frame, base64 or an http(s) URL.");
        if (model.NeedsEndImage && draft.EndImage is null)
            Add("end_image", $"end_image is required: '{name}' (FLF2V) makes a video between a first and a last frame.");
        if (model.NeedsClipVision && !model.HasClipVision)
            Add("clip_vision", $"'{name}' ({model.Architecture}) needs a CLIP vision encoder; put one (e.g. clip_vision_h.safetensors) in the models directory's clip_vision/ folder.");
        if (model.IsWan22Pair && model.HighNoisePartner is null)
            Add("high_noise_model", draft.HighNoiseModel is { } asked
                ? $"the high-noise model '{asked}' was not found as a Wan 2.2 high-noise expert in the catalog; '{name}' is the low-noise half of a Wan 2.2 A14B pair."
                : $"'{name}' is half of a Wan 2.2 A14B pair and its high-noise partner is missing: put the high-noise expert (a file with 'high_noise' in its name, same architecture) in the models directory, or name it in high_noise_model.");
        if (!model.IsWan22Pair && (draft.HighNoiseModel is not null || draft.Parameters.HighNoise is not null))
            Add("high_noise_model", $"'{name}' ({model.Architecture}) is a single model; high_noise_* fields are for Wan 2.2 A14B pairs.");
        return errors;
    }
}
