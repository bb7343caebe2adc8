using System.Text.RegularExpressions;

namespace SdSupervised.Supervisor.Workers;

/// <summary>
/// Which models a slot may load (<c>Sds:Slots:&lt;id&gt;:Models</c> / <c>Exclude</c>): catalog ids, file names or names
/// without extension, or globs of them (* and ?), matched without case. No list allows everything; an exclusion wins over an inclusion.
/// </summary>
public sealed class ModelPin
{
    public static readonly ModelPin Any = new([], []);

    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public ModelPin(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        Include = include;
        Exclude = exclude;
        _include = [.. include.Select(Glob)];
        _exclude = [.. exclude.Select(Glob)];
    }

    public IReadOnlyList<string> Include { get; }
    public IReadOnlyList<string> Exclude { get; }
    public bool IsRestricted => Include.Count > 0 || Exclude.Count > 0;

    /// <summary>Whether the slot may load <paramref name="modelId"/>; a job that loads no model (null) runs anywhere.</summary>
    public bool Allows(string? modelId)
    {
        if (modelId is null)
            return true;
        var names = Names(modelId);
        if (_exclude.Any(r => names.Any(r.IsMatch)))
            return false;
        return _include.Length == 0 || _include.Any(r => names.Any(r.IsMatch));
    }

    /// <summary>A catalog id (<c>checkpoints--sd_xl_base_1.0.safetensors</c>), its file name and its name without extension: an operator writes any of them.</summary>
    private static string[] Names(string modelId)
    {
        var separator = modelId.LastIndexOf("--", StringComparison.Ordinal);
        var file = separator < 0 ? modelId : modelId[(separator + 2)..];
        return [modelId, file, Path.GetFileNameWithoutExtension(file)];
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern.Trim()).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
