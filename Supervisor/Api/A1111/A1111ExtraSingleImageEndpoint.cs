using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>POST /sdapi/v1/extra-single-image</c>: upscale one image (ESRGAN model as a job, or a plain resize).</summary>
public sealed class A1111ExtraSingleImageEndpoint(A1111Extras extras) : EndpointWithoutRequest<A1111ExtrasResponse>
{
    public override void Configure()
    {
        Post("/extra-single-image");
        Description(b => b.WithMetadata(new Hosting.Http.OpenApi.RequestBodyMetadata(typeof(A1111ExtrasRequest))).WithMetadata(new Hosting.Http.OpenApi.SubmitsJobsMetadata(Waits: true)));
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 extras: upscale one image");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (body, failure) = await A1111JsonBody.ReadAsync<A1111ExtrasRequest>(HttpContext.Request, ct);
        if (body is null)
        {
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, failure!));
            return;
        }
        var result = await extras.UpscaleAsync(body.Request, ct);
        if (result.Failure is not null)
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, result.Failure));
        else
            await Send.OkAsync(result.Response! with { IgnoredFields = Hosting.Http.IgnoredFields.Of(HttpContext) }, ct);
    }
}
