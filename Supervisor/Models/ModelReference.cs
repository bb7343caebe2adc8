namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Checks a model reference from a request (an id, a relative path, or a name) before any lookup. References are
/// only ever matched against the catalog, never opened as paths; still, anything that tries to leave the models
/// directory is refused outright (400), so a probe learns nothing.
/// </summary>
public static class ModelReference
{
    public const int MaxLength = 512;

    /// <summary>Why <paramref name="reference"/> is not acceptable, or null when it is.</summary>
    public static string? Problem(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
            return "a model reference must not be empty";
        if (reference.Length > MaxLength)
            return $"a model reference is at most {MaxLength} characters";
        if (reference.Any(char.IsControl))
            return "a model reference must not contain control characters";
        if (reference.Contains('%'))
            return "a model reference must not contain percent-encoded characters (an encoded '/' or '.' is a path trick)";
        if (reference.Contains('\\'))
            return "a model reference uses '/' between folders, never '\\'";
        if (reference.StartsWith('/') || reference.StartsWith('~') || Path.IsPathRooted(reference) || (reference.Length > 1 && reference[1] == ':'))
            return "absolute paths are not allowed: name a model by its id, its path inside the models directory, or its file name";
        if (reference.Split('/').Any(s => s is ".." or "." || s.Length == 0))
            return "'..', '.' and empty steps are not allowed in a model path: models are only found inside the models directory";
        return null;
    }
}
