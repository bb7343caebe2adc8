using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>POST /sdapi/v1/txt2img</c>: A1111's synchronous text-to-image; answers when the job is done.</summary>
public sealed class A1111Txt2ImgEndpoint(A1111GenerationRunner generationRunner) : EndpointWithoutRequest<A1111GenerationResponse>
{
    public override void Configure()
    {
        Post("/sdapi/v1/txt2img");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "AUTOMATIC1111 txt2img (synchronous)";
            s.Description = "A1111's StableDiffusionProcessingTxt2Img body; unknown fields are ignored. Answers {images, parameters, info}.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (body, failure) = await A1111JsonBody.ReadAsync<A1111GenerationRequest>(HttpContext.Request.Body, ct);
        if (body is null)
        {
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, failure!));
            return;
        }
        var result = await generationRunner.RunAsync(body, ct);
        if (result.Failure is not null)
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, result.Failure));
        else
            await Send.OkAsync(result.Response!, ct);
    }
}
