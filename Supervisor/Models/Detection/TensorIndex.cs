using System.Globalization;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>
/// Questions the signature table asks of one file: does any tensor name contain this, what shape has the tensor
/// ending so, how many numbered blocks, what do the metadata and the file name hint. Matching by fragments and
/// suffixes works for full checkpoints (<c>model.diffusion_model.x</c>) and standalone files (<c>x</c>) alike.
/// </summary>
public sealed class TensorIndex
{
    private readonly IReadOnlyList<TensorInfo> _tensors;
    private readonly Dictionary<string, TensorInfo> _byName;
    private readonly string _hintText;

    public TensorIndex(IReadOnlyList<TensorInfo> tensors, IReadOnlyDictionary<string, string> metadata, string fileName)
    {
        _tensors = tensors;
        _byName = new Dictionary<string, TensorInfo>(tensors.Count, StringComparer.Ordinal);
        foreach (var t in tensors) _byName.TryAdd(t.Name, t);
        Metadata = metadata;
        FileName = fileName;
        var hintSources = new[] { fileName, Meta("modelspec.title"), Meta("modelspec.architecture"), Meta("general.name"), Meta("ss_base_model_version") };
        _hintText = Normalize(string.Join(' ', hintSources.Where(s => !string.IsNullOrEmpty(s))));
    }

    public IReadOnlyDictionary<string, string> Metadata { get; }
    public string FileName { get; }
    public int Count => _tensors.Count;
    public IReadOnlyList<TensorInfo> Tensors => _tensors;

    /// <summary>Some tensor name contains <paramref name="fragment"/>.</summary>
    public bool Has(string fragment)
    {
        foreach (var t in _tensors)
            if (t.Name.Contains(fragment, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool HasExact(string name) => _byName.ContainsKey(name);

    public bool AnyStartsWith(string prefix)
    {
        foreach (var t in _tensors)
            if (t.Name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The tensor named exactly <paramref name="suffix"/>, else the shortest name ending with <c>.</c>+suffix.</summary>
    public TensorInfo? Find(string suffix)
    {
        if (_byName.TryGetValue(suffix, out var exact))
            return exact;
        TensorInfo? best = null;
        var dotted = "." + suffix;
        foreach (var t in _tensors)
            if (t.Name.EndsWith(dotted, StringComparison.Ordinal) && (best is null || t.Name.Length < best.Name.Length))
                best = t;
        return best;
    }

    /// <summary>The first tensor (shortest name) whose name contains every fragment.</summary>
    public TensorInfo? FindContaining(params string[] fragments)
    {
        TensorInfo? best = null;
        foreach (var t in _tensors)
            if (fragments.All(f => t.Name.Contains(f, StringComparison.Ordinal)) && (best is null || t.Name.Length < best.Name.Length))
                best = t;
        return best;
    }

    /// <summary>A dimension of the tensor ending with <paramref name="suffix"/> (negative index from the end).</summary>
    public long? Dim(string suffix, int index) => Find(suffix)?.Dim(index);

    /// <summary>How many numbered blocks follow <paramref name="fragment"/> at a name or segment start ("joint_blocks." → highest N + 1).</summary>
    public int Blocks(string fragment)
    {
        var max = -1;
        foreach (var t in _tensors)
        {
            var at = t.Name.IndexOf(fragment, StringComparison.Ordinal);
            if (at < 0 || (at > 0 && t.Name[at - 1] != '.'))
                continue;
            var start = at + fragment.Length;
            var end = start;
            while (end < t.Name.Length && char.IsAsciiDigit(t.Name[end])) end++;
            if (end > start && int.TryParse(t.Name.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                max = Math.Max(max, n);
        }
        return max + 1;
    }

    public string? Meta(string key) => Metadata.TryGetValue(key, out var v) ? v : null;

    /// <summary>The file name or descriptive metadata (title, architecture, name) mentions any of the words.</summary>
    public bool Hints(params string[] words) => words.Any(w => _hintText.Contains(Normalize(w), StringComparison.Ordinal));

    /// <summary>Lower case, with '-', ' ' and '.' as '_', so "Wan2.2-T2V" and "wan2_2_t2v" compare equal.</summary>
    private static string Normalize(string text)
    {
        var chars = text.ToLowerInvariant().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is '-' or ' ' or '.') chars[i] = '_';
        return new string(chars);
    }
}
