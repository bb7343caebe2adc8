using FastEndpoints;
using SdSupervised.Supervisor.Compat.A1111;

namespace SdSupervised.Supervisor.Api.A1111;

/// <summary><c>GET /sdapi/v1/embeddings</c>: the catalog's embedding files in A1111's <c>{loaded, skipped}</c> shape.</summary>
public sealed class A1111EmbeddingsEndpoint(A1111Catalog catalog) : EndpointWithoutRequest<A1111Embeddings>
{
    public override void Configure()
    {
        Get("/embeddings");
        Group<A1111Group>();
        AllowAnonymous();
        Summary(s => s.Summary = "AUTOMATIC1111 textual-inversion embeddings");
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(await catalog.EmbeddingsAsync(ct), ct);
}
