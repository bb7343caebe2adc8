using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>
/// A1111's synchronous generation calls: read the body as A1111 clients send it (any content type, unknown fields
/// ignored), run the job and wait, answer <c>{images, parameters, info}</c> or A1111's error shape.
/// </summary>
public abstract class A1111GenerationEndpoint<TRequest>(A1111GenerationRunner generationRunner) : EndpointWithoutRequest<A1111GenerationResponse>
    where TRequest : A1111GenerationRequest, new()
{
    protected void Describe(string route, string summary, string bodyName)
    {
        Post(route);
        Description(b => b.WithMetadata(new Hosting.Http.OpenApi.RequestBodyMetadata(typeof(TRequest))).WithMetadata(new Hosting.Http.OpenApi.SubmitsJobsMetadata(Waits: true)));
        Group<A1111Group>();
        Summary(s =>
        {
            s.Summary = summary;
            s.Description = $"A1111's {bodyName} body; unknown fields are ignored. Answers {{images, parameters, info}}.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (body, failure) = await A1111JsonBody.ReadAsync<TRequest>(HttpContext.Request, ct);
        if (body is null)
        {
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, failure!));
            return;
        }
        var result = await generationRunner.RunAsync(body, ct);
        if (result.Failure is not null)
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, result.Failure));
        else
            await Send.OkAsync(result.Response! with { IgnoredFields = Hosting.Http.IgnoredFields.Of(HttpContext) }, ct);
    }
}
