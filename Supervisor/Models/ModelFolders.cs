namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Resolves <see cref="ModelsOptions.Folders"/>: the key is a model type ("checkpoint", the folder name
/// "checkpoints", "lora"), the value a folder relative to the models directory or absolute. The seed's
/// <c>--checkpoints checkpoints</c> therefore means the default layout, and <c>--checkpoints /mnt/sd</c> adds a
/// folder elsewhere. The default folders keep working beside a configured one.
/// </summary>
public static class ModelFolders
{
    /// <summary>What is wrong with the configured folders, one line each; empty when they are fine.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> folders)
    {
        var problems = new List<string>();
        var seen = new Dictionary<ModelType, string>();
        foreach (var (key, value) in folders)
        {
            if (TypeOf(key) is not { } type)
            {
                problems.Add($"Sds:Models:Folders:{key}: unknown model type (one of {string.Join(", ", ModelLayout.Folders.Select(f => ModelLayout.TypeName(f.Type)))})");
                continue;
            }
            if (string.IsNullOrWhiteSpace(value))
                problems.Add($"Sds:Models:Folders:{key}: the folder is empty");
            else if (value.IndexOf('\0') >= 0)
                problems.Add($"Sds:Models:Folders:{key}: the folder name has a NUL character");
            if (!seen.TryAdd(type, key))
                problems.Add($"Sds:Models:Folders:{key}: {ModelLayout.TypeName(type)} is already set by Sds:Models:Folders:{seen[type]}");
        }
        return problems;
    }

    /// <summary>The configured folders as absolute paths, each with its place below <paramref name="modelsRoot"/> when it has one.</summary>
    public static IReadOnlyList<ConfiguredFolder> Resolve(string modelsRoot, IReadOnlyDictionary<string, string> folders)
    {
        var root = Path.GetFullPath(modelsRoot).TrimEnd(Path.DirectorySeparatorChar);
        var result = new List<ConfiguredFolder>();
        foreach (var (key, value) in folders)
        {
            if (TypeOf(key) is not { } type || string.IsNullOrWhiteSpace(value))
                continue;
            var full = Path.GetFullPath(Path.Combine(root, value.Trim())).TrimEnd(Path.DirectorySeparatorChar);
            var relative = Path.GetRelativePath(root, full);
            string? prefix = relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
                ? null
                : relative.Replace(Path.DirectorySeparatorChar, '/');
            // The models directory itself is not a type's folder: its top-level layout still applies.
            if (relative == ".")
                continue;
            result.Add(new ConfiguredFolder(ModelLayout.FolderOf(type), full, prefix));
        }
        return result;
    }

    private static ModelType? TypeOf(string key)
    {
        var parsed = ModelLayout.ParseTypes(key.Replace('-', '_'));
        return parsed is { } t && System.Numerics.BitOperations.PopCount((uint)t) == 1 ? t : null;
    }
}
