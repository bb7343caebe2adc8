namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The seed's folder layout under <c>--models-dir</c>: which folder holds which type, and which extensions count.
/// A file's type comes from its top-level folder; files elsewhere get the type their detected architecture implies.
/// </summary>
public static class ModelLayout
{
    public sealed record Folder(ModelType Type, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Extensions);

    public static readonly IReadOnlyList<string> ModelExtensions = [".safetensors", ".sft", ".gguf", ".ckpt", ".pt", ".pth"];

    public static readonly IReadOnlyList<Folder> Folders =
    [
        new(ModelType.Checkpoint, "checkpoints", ["stable-diffusion"], ModelExtensions),
        new(ModelType.DiffusionModel, "diffusion_models", ["unet"], ModelExtensions),
        new(ModelType.Vae, "vae", [], ModelExtensions),
        new(ModelType.Lora, "lora", ["loras"], ModelExtensions),
        new(ModelType.Taesd, "taesd", ["vae_approx"], ModelExtensions),
        new(ModelType.Esrgan, "esrgan", [], ModelExtensions),
        new(ModelType.Upscaler, "upscaler", ["upscale_models"], ModelExtensions),
        new(ModelType.Controlnet, "controlnet", [], ModelExtensions),
        new(ModelType.Embedding, "embeddings", [], [.. ModelExtensions, ".bin"]),
        new(ModelType.TextEncoder, "text_encoders", ["clip"], ModelExtensions),
        new(ModelType.ClipVision, "clip_vision", [], ModelExtensions),
        new(ModelType.Photomaker, "photomaker", [], [.. ModelExtensions, ".bin"]),
        new(ModelType.Presets, "presets", [], [".json", ".yaml", ".yml"]),
        new(ModelType.Prompts, "prompts", [], [".txt", ".json"]),
        new(ModelType.NegPrompts, "neg_prompts", [], [".txt", ".json"]),
    ];

    private static readonly Dictionary<string, Folder> ByName = Folders
        .SelectMany(f => new[] { f.Name }.Concat(f.Aliases).Select(n => (Name: n, Folder: f)))
        .ToDictionary(x => x.Name, x => x.Folder, StringComparer.OrdinalIgnoreCase);

    public static Folder? FolderFor(string topLevelName) => ByName.GetValueOrDefault(topLevelName);

    public static Folder FolderOf(ModelType type) => Folders.First(f => f.Type == type);

    /// <summary>The API name of a single type: "checkpoint", "neg_prompts", "text_encoder".</summary>
    public static string TypeName(ModelType type) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    /// <summary>Parses "checkpoint", the seed's "CHECKPOINT", a number, or a comma list of those; null when a part is unknown.</summary>
    public static ModelType? ParseTypes(string text)
    {
        var result = ModelType.None;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(raw, out var number))
            {
                if (number <= 0 || (number & ~AllTypes) != 0)
                    return null;
                result |= (ModelType)number;
                continue;
            }
            var match = Folders.FirstOrDefault(f => string.Equals(TypeName(f.Type), raw, StringComparison.OrdinalIgnoreCase)
                || string.Equals(TypeName(f.Type).Replace("_", "", StringComparison.Ordinal), raw.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)
                || string.Equals(f.Name, raw, StringComparison.OrdinalIgnoreCase));
            if (match is null)
                return null;
            result |= match.Type;
        }
        return result == ModelType.None ? null : result;
    }

    private static int AllTypes => Folders.Aggregate(0, (acc, f) => acc | (int)f.Type);
}
