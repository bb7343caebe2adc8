using SdSupervised.Supervisor.Auth;
using FastEndpoints;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary>
/// <c>POST /sdapi/v1/refresh-checkpoints</c> (also <c>refresh-vae</c>, <c>refresh-loras</c>): rescan the models
/// directory and answer when the scan is done (at most 60 s), as A1111 answers once its lists are reloaded.
/// </summary>
public sealed class A1111RefreshCheckpointsEndpoint(ModelCatalog catalog) : EndpointWithoutRequest
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public override void Configure()
    {
        Post("/refresh-checkpoints", "/refresh-vae", "/refresh-loras");
        Description(b => b.ClearDefaultAccepts().Produces<IReadOnlyDictionary<string, object?>>(StatusCodes.Status200OK));
        Group<A1111Group>();
        Policies(AuthPolicies.Admin);
        Summary(s => s.Summary = "AUTOMATIC1111 refresh: rescan the models directory");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        try
        {
            await catalog.RequestScan().WaitAsync(MaxWait, ct);
        }
        catch (TimeoutException)
        {
            // The scan goes on in the background; the lists catch up when it ends.
        }
        await Send.OkAsync(new { }, ct);
    }
}
