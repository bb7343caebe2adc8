namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// The names a request or a route may give a preset or prompt file: a file name without its extension, never a path.
/// Lookups go through the catalog's entries (never a path built from the name), so this is a clear 400 for
/// <c>../x</c> rather than the only guard.
/// </summary>
public static class CatalogTextNames
{
    public const int MaxLength = 200;

    /// <summary>Why <paramref name="name"/> is not a file name, or null when it is one.</summary>
    public static string? Problem(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
            return $"{what} needs a name.";
        if (name.Length > MaxLength)
            return $"{what} names are at most {MaxLength} characters (got {name.Length}).";
        if (name.Contains('/') || name.Contains('\\') || name.Contains("..", StringComparison.Ordinal) || name.Any(char.IsControl))
            return $"'{name}' is not a {what} name: give the file name without folders or extension.";
        return null;
    }
}
