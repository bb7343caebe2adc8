using System.Text.Json.Nodes;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// What a preset file holds once read: its request fields (snake_case, as a request body spells them) and its
/// optional <c>description</c>, or why it could not be read (<see cref="Error"/>, naming the field when one is at fault).
/// </summary>
public sealed record PresetDocument(JsonObject? Fields, string? Description, string? Error, string? ErrorField = null)
{
    /// <summary>The one key of a preset file that is about the preset, not a request field.</summary>
    public const string DescriptionKey = "description";

    public static PresetDocument Broken(string error, string? field = null) => new(null, null, error, field);
}
