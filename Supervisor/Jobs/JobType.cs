using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Jobs;

public enum JobType
{
    [JsonStringEnumMemberName("text2img")]
    Text2Img,
    /// <summary>Convert (quantize) a model file to GGUF inside the models directory.</summary>
    [JsonStringEnumMemberName("convert")]
    Convert,
    /// <summary>Start from an image (<see cref="GenerationParameters.InitImage"/>, <see cref="GenerationParameters.Strength"/>).</summary>
    [JsonStringEnumMemberName("img2img")]
    Img2Img,
    /// <summary>img2img that repaints only where the mask is white.</summary>
    [JsonStringEnumMemberName("inpainting")]
    Inpainting,
    /// <summary>text2img (or img2img) conditioned by a ControlNet image.</summary>
    [JsonStringEnumMemberName("controlnet")]
    ControlNet,
    /// <summary>ESRGAN upscale of one image; its request is <see cref="Job.Upscale"/>.</summary>
    [JsonStringEnumMemberName("upscale")]
    Upscale,
    /// <summary>Wan video generation (T2V, I2V, FLF2V, Wan 2.2 pairs); its request is <see cref="Job.Video"/>.</summary>
    [JsonStringEnumMemberName("video")]
    Video,
}
