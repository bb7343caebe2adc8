using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Jobs;

public enum JobType
{
    [JsonStringEnumMemberName("text2img")]
    Text2Img,
    /// <summary>Convert (quantize) a model file to GGUF inside the models directory.</summary>
    [JsonStringEnumMemberName("convert")]
    Convert,
}
