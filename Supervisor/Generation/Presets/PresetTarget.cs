using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Api.V1;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>A request body a preset can be merged into, by the name the listing shows (<c>applies_to</c>).</summary>
public sealed record PresetTarget(string Name, Type RequestType)
{
    public static readonly IReadOnlyList<PresetTarget> All =
    [
        new("text2img", typeof(Text2ImgRequest)),
        new("img2img", typeof(Img2ImgRequest)),
        new("inpainting", typeof(InpaintingRequest)),
        new("controlnet", typeof(ControlNetRequest)),
        new("v1/generate", typeof(SyncGenerateRequest)),
        new("video", typeof(VideoRequest)),
    ];

    public static PresetTarget For(Type requestType) =>
        All.FirstOrDefault(t => t.RequestType == requestType) ?? new PresetTarget(requestType.Name, requestType);
}
