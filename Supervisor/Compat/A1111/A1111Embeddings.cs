using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/embeddings</c>: embeddings by name, those a prompt can use and those skipped (A1111: wrong model family).</summary>
public sealed record A1111Embeddings(
    [property: JsonPropertyName("loaded")] IReadOnlyDictionary<string, A1111Embedding> Loaded,
    [property: JsonPropertyName("skipped")] IReadOnlyDictionary<string, A1111Embedding> Skipped);
