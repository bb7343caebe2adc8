namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>One prompts/ or neg_prompts/ file: its name, catalog path, and text, or why it has none.</summary>
public sealed record PromptFile(string Name, string File, string? Text, string? Error)
{
    public bool IsValid => Error is null;
}
