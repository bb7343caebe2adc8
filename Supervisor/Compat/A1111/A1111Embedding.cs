using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// One textual-inversion embedding in <c>GET /sdapi/v1/embeddings</c>. A1111 reads step, checkpoint, shape and vector
/// count from the file's training data; the catalog does not, so they are null rather than made up.
/// </summary>
public sealed record A1111Embedding(
    [property: JsonPropertyName("step")] int? Step,
    [property: JsonPropertyName("sd_checkpoint")] string? SdCheckpoint,
    [property: JsonPropertyName("sd_checkpoint_name")] string? SdCheckpointName,
    [property: JsonPropertyName("shape")] int? Shape,
    [property: JsonPropertyName("vectors")] int? Vectors);
