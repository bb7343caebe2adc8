using System.Globalization;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// Typed reads of a request's fields, JSON or multipart form alike. A value of the wrong type is recorded as the
/// request's <see cref="Failure"/> (the first one wins, named by its parameter, as OpenAI names one) and reads as null.
/// </summary>
public abstract class OpenAIRequestFields
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public OpenAIFailure? Failure { get; private set; }

    /// <summary>The fields the request carried that no read asked for (and not in <paramref name="alsoRead"/>), in their order.</summary>
    public IReadOnlyList<string> Unread(params string[] alsoRead) =>
        Present.Where(n => !_read.Contains(n) && !alsoRead.Contains(n, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The names of the fields the request carried.</summary>
    protected abstract IEnumerable<string> Present { get; }

    /// <summary>The field's text; null when absent or JSON null.</summary>
    public string? String(string name)
    {
        _read.Add(name);
        if (TryRaw(name, wantText: true, out var raw))
            return raw;
        TypeError(name, "a string");
        return null;
    }

    public int? Int(string name) =>
        Read<int>(name, "an integer", s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

    public long? Long(string name) =>
        Read<long>(name, "an integer", s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

    public float? Float(string name) =>
        Read<float>(name, "a number", s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) ? v : null);

    public bool? Bool(string name) => Read<bool>(name, "true or false", s => bool.TryParse(s, out var v) ? v : null);

    /// <summary>
    /// The field's value as text, null when absent; false when its kind cannot hold what is wanted (a JSON number where
    /// text is wanted, a JSON string where a number or boolean is).
    /// </summary>
    protected abstract bool TryRaw(string name, bool wantText, out string? raw);

    private T? Read<T>(string name, string what, Func<string, T?> parse) where T : struct
    {
        _read.Add(name);
        if (TryRaw(name, wantText: false, out var raw))
        {
            if (raw is null)
                return null;
            if (parse(raw.Trim()) is { } value)
                return value;
        }
        TypeError(name, what);
        return null;
    }

    private void TypeError(string name, string what) =>
        Failure ??= OpenAIErrors.BadRequest(name, $"Invalid type for '{name}': expected {what}.", "invalid_type");
}
