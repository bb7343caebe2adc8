using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Checks a conversion request against the catalog before it is queued: the model and the VAE resolve like any
/// model reference, the output type is one the library knows, and the output is a new <c>.gguf</c> file inside the
/// models directory. The output name passes the same reference rules as a model name, and its folder is resolved
/// through every symlink, so neither "..", an absolute path nor a link can put the file anywhere else.
/// </summary>
public static class ConvertPlanner
{
    public static ConvertPlan Plan(CatalogSnapshot catalog, string? modelId, string? outputType, string? outputName, string? vae)
    {
        if (ConvertTypes.Normalize(outputType) is not { } type)
            return ConvertPlan.Invalid("output_type", $"output_type '{outputType}' is not one of: {string.Join(", ", ConvertTypes.Names)} (any case; K-quant mixes such as Q4_K_S are their base type)");

        var lookup = catalog.Find(modelId);
        if (lookup.Entry is not { } model)
            return ConvertPlan.Invalid("model_id", lookup.Message);
        if (WeightsProblem(model) is { } modelProblem)
            return ConvertPlan.Invalid("model_id", modelProblem);

        string? vaePath = null;
        if (!string.IsNullOrWhiteSpace(vae))
        {
            var vaeLookup = catalog.Find(vae);
            if (vaeLookup.Entry is not { } vaeEntry)
                return ConvertPlan.Invalid("vae", vaeLookup.Message);
            if (WeightsProblem(vaeEntry) is { } vaeProblem)
                return ConvertPlan.Invalid("vae", vaeProblem);
            if (vaeEntry.Architecture.Role != ModelRole.Vae)
                return ConvertPlan.Invalid("vae", $"'{vaeEntry.Id}' is a {vaeEntry.Architecture.DisplayName}, not a VAE");
            vaePath = StoredPath(catalog.Root, vaeEntry);
        }

        var output = string.IsNullOrWhiteSpace(outputName) ? DefaultOutputName(model.RelativePath, type) : outputName.Trim();
        if (Path.IsPathRooted(output))
        {
            // The seed's output_path may be absolute: fine when it lands inside the models directory.
            if (InsideRoot(catalog.Root, output) is not { } relative)
                return ConvertPlan.Invalid("output_name", $"'{output}' is outside the models directory ({catalog.Root}); give a path inside it, or one relative to it");
            output = relative;
        }
        if (OutputProblem(catalog.Root, output) is { } outputProblem)
            return ConvertPlan.Invalid("output_name", outputProblem);
        if (Occupied(Path.Combine(catalog.Root, output)))
            return ConvertPlan.Conflict("output_name", $"'{output}' already exists in the models directory; choose another output_name or remove it first");

        return ConvertPlan.Accepted(new ConvertParameters
        {
            ModelId = model.Id,
            Input = StoredPath(catalog.Root, model),
            OutputType = type,
            Output = output,
            Vae = vaePath,
        });
    }

    /// <summary>The path a job keeps: relative for files in the models directory, absolute for a type's folder elsewhere.</summary>
    private static string StoredPath(string root, ModelEntry entry) =>
        string.Equals(Path.GetFullPath(Path.Combine(root, entry.RelativePath)), entry.FullPath, StringComparison.Ordinal) ? entry.RelativePath : entry.FullPath;

    /// <summary><c>&lt;same folder&gt;/&lt;stem&gt;.&lt;type&gt;.gguf</c>: <c>checkpoints/sd15.safetensors</c> to q8_0 is <c>checkpoints/sd15.q8_0.gguf</c>.</summary>
    public static string DefaultOutputName(string input, string type)
    {
        var slash = input.LastIndexOf('/');
        var folder = slash < 0 ? "" : input[..(slash + 1)];
        return $"{folder}{Path.GetFileNameWithoutExtension(input[(slash + 1)..])}.{type}.gguf";
    }

    /// <summary>Why <paramref name="output"/> may not be written under <paramref name="root"/>, or null when it may.</summary>
    public static string? OutputProblem(string root, string output)
    {
        if (ModelReference.Problem(output) is { } problem)
            return problem.Replace("a model reference", "an output name", StringComparison.Ordinal);
        var fileName = output[(output.LastIndexOf('/') + 1)..];
        if (!fileName.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || fileName.Length <= ".gguf".Length)
            return $"an output name must end in .gguf (got '{output}')";
        if (RealPath.Of(root) is not { } realRoot)
            return "the models directory does not exist";
        // The deepest folder that exists decides where the file lands: missing folders below it are created inside it.
        var folder = Path.GetDirectoryName(Path.Combine(root, output))!;
        while (!Directory.Exists(folder))
        {
            if (File.Exists(folder))
                return $"'{output}' has a file where a folder should be";
            if (new FileInfo(folder).LinkTarget is not null)
                break; // a dangling link: it does not resolve below, so it is refused
            folder = Path.GetDirectoryName(folder)!;
        }
        if (RealPath.Of(folder) is not { } realFolder || !RealPath.IsInside(realFolder, realRoot))
            return $"'{output}' would be written outside the models directory (through a symbolic link)";
        return null;
    }

    /// <summary>An absolute path relative to the models directory (as given, or with its links resolved), or null when it is not inside.</summary>
    private static string? InsideRoot(string root, string absolute)
    {
        if (RealPath.Of(root) is not { } realRoot) return null;
        var full = Path.GetFullPath(absolute);
        foreach (var candidateRoot in new[] { Path.GetFullPath(root), realRoot }.Distinct())
        {
            var relative = Path.GetRelativePath(candidateRoot, full);
            if (relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
                return relative.Replace(Path.DirectorySeparatorChar, '/');
        }
        return null;
    }

    private static bool Occupied(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    private static string? WeightsProblem(ModelEntry entry)
    {
        if (!entry.IsValid)
            return $"'{entry.Id}' is not a valid model file: {entry.Invalid}";
        if (entry.Format is not (ModelFileFormat.Safetensors or ModelFileFormat.Gguf or ModelFileFormat.Pickle))
            return $"'{entry.Id}' holds no tensors to convert";
        return null;
    }
}
