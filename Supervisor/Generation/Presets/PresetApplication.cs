using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>What <see cref="PresetApplier"/> made of a body: the body to bind (merged, or as it came), or the refusal.</summary>
public sealed record PresetApplication(ReadOnlyMemory<byte> Body, ApiError? Refusal)
{
    public static PresetApplication Unchanged(ReadOnlyMemory<byte> body) => new(body, null);
    public static PresetApplication Refused(ApiError error) => new(default, error);
}
