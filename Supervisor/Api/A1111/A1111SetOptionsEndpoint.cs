using SdSupervised.Supervisor.Auth;
using System.Text.Json;
using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>
/// <c>POST /sdapi/v1/options</c>: <c>sd_model_checkpoint</c> switches the default model (kept across restarts; an
/// unknown one is a 422 naming it); every other key is accepted and ignored. The answer lists both.
/// </summary>
public sealed class A1111SetOptionsEndpoint(A1111OptionsService optionsService) : EndpointWithoutRequest<A1111OptionsUpdate>
{
    public override void Configure()
    {
        Post("/options");
        Description(b => b.WithMetadata(new Hosting.Http.OpenApi.RequestBodyMetadata(typeof(Dictionary<string, object?>))));
        Group<A1111Group>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "AUTOMATIC1111 options: switch the checkpoint");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (body, failure) = await A1111JsonBody.ReadAsync<Dictionary<string, JsonElement>>(HttpContext.Request, ct);
        if (body is null)
        {
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, failure!));
            return;
        }
        var result = await optionsService.SetAsync(body.Request, ct);
        if (result.Failure is not null)
            await Send.ResultAsync(A1111Replies.Failure(HttpContext, result.Failure));
        else
            await Send.OkAsync(result.Response!, ct);
    }
}
