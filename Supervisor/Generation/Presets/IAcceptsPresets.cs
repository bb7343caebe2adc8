namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// A request body that takes <c>preset</c> and <c>negative_prompt_preset</c>: the body reader merges the preset's
/// fields under the body's own (<see cref="PresetApplier"/>) before the request is bound, so the endpoint, its
/// validator and the job see one request.
/// </summary>
public interface IAcceptsPresets
{
    /// <summary>A preset file's name (presets/&lt;name&gt;.json|yaml|yml, without the extension).</summary>
    string? Preset { get; }
    /// <summary>A neg_prompts/&lt;name&gt;.txt|json file whose text goes before the request's negative_prompt.</summary>
    string? NegativePromptPreset { get; }
}
