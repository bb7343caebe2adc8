using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>The prompts/ and neg_prompts/ files of the catalog, listed and read by name.</summary>
public sealed class PromptLibrary(CatalogTextFiles files)
{
    public async Task<IReadOnlyList<PromptFile>> ListAsync(ModelType type, CancellationToken cancellationToken)
    {
        var result = new List<PromptFile>();
        foreach (var entry in await files.ListAsync(type, cancellationToken))
            result.Add(await ReadAsync(entry, cancellationToken));
        return result;
    }

    /// <summary>The file named <paramref name="name"/> with its text; null when there is none by that name.</summary>
    public async Task<PromptFile?> FindAsync(ModelType type, string name, CancellationToken cancellationToken) =>
        await files.FindAsync(type, name, cancellationToken) is { } entry ? await ReadAsync(entry, cancellationToken) : null;

    /// <summary>"prompt files: a, b" or "there are no prompt files", for an unknown name.</summary>
    public async Task<string> KnownAsync(ModelType type, CancellationToken cancellationToken) =>
        CatalogTextFiles.Known(await files.ListAsync(type, cancellationToken), Describe(type));

    public static string Describe(ModelType type) => type == ModelType.NegPrompts ? "negative prompt" : "prompt";

    private static async Task<PromptFile> ReadAsync(ModelEntry entry, CancellationToken cancellationToken)
    {
        var (text, error) = await PromptFileReader.ReadAsync(entry.FullPath, cancellationToken);
        return new PromptFile(entry.Name, entry.RelativePath, text, error);
    }
}
