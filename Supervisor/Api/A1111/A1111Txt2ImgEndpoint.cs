using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>POST /sdapi/v1/txt2img</c>: A1111's synchronous text-to-image; answers when the job is done.</summary>
public sealed class A1111Txt2ImgEndpoint(A1111GenerationRunner generationRunner) : A1111GenerationEndpoint<A1111GenerationRequest>(generationRunner)
{
    public override void Configure() => Describe("/txt2img", "AUTOMATIC1111 txt2img (synchronous)", "StableDiffusionProcessingTxt2Img");
}
