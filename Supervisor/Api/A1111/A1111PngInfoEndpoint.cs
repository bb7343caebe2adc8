using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>POST /sdapi/v1/png-info</c>: the generation parameters stored in an image, raw and parsed.</summary>
public sealed class A1111PngInfoEndpoint(A1111PngInfo pngInfo) : EndpointWithoutRequest<A1111PngInfoResponse>
{
    public override void Configure()
    {
        Post("/png-info");
        Description(b => b.WithMetadata(new Hosting.Http.OpenApi.RequestBodyMetadata(typeof(A1111PngInfoRequest))));
        Group<A1111Group>();
        Summary(s => s.Summary = "AUTOMATIC1111 PNG info");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (body, failure) = await A1111JsonBody.ReadAsync<A1111PngInfoRequest>(HttpContext.Request, ct);
        if (body is null)
        {
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, failure!));
            return;
        }
        var result = await pngInfo.ReadAsync(body.Request, ct);
        if (result.Failure is not null)
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, result.Failure));
        else
            await Send.OkAsync(result.Response!, ct);
    }
}
