using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Jobs;

public enum JobType
{
    [JsonStringEnumMemberName("text2img")]
    Text2Img,
}
