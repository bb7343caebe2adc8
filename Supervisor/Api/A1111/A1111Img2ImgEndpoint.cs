using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>POST /sdapi/v1/img2img</c>: A1111's synchronous image-to-image (init_images, optional mask); answers when the job is done.</summary>
public sealed class A1111Img2ImgEndpoint(A1111GenerationRunner generationRunner) : A1111GenerationEndpoint<A1111Img2ImgRequest>(generationRunner)
{
    public override void Configure() => Describe("/img2img", "AUTOMATIC1111 img2img (synchronous)", "StableDiffusionProcessingImg2Img");
}
