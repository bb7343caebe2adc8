using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>
/// The one JSON shape of stored job data: snake_case names and snake_case enum strings,
/// the same convention as the API, so a row read with sqlite3 looks like the API's JSON.
/// </summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = false,
        // A request's "kind" is written first, but a document rewritten by hand or by another tool may move it.
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>ISO 8601 round-trip ("O"): every tick and the offset, readable in sqlite3 and psql. Both stores keep times so.</summary>
    public static string FormatTime(DateTimeOffset value) => value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);

    /// <summary>The snake_case name of an enum value, as the JSON converter writes it.</summary>
    public static string EnumName<T>(T value) where T : struct, Enum => EnumNames<T>.ToName[value];

    /// <summary>Parses a snake_case enum name; unknown names are data this build cannot read.</summary>
    public static T ParseEnum<T>(string name) where T : struct, Enum =>
        EnumNames<T>.FromName.TryGetValue(name, out var value)
            ? value
            : throw new InvalidDataException($"Unknown {typeof(T).Name} '{name}' in the job store.");

    private static class EnumNames<T> where T : struct, Enum
    {
        /// <summary>
        /// The name the JSON converter writes: a <see cref="JsonStringEnumMemberNameAttribute"/> when the
        /// member has one (e.g. "text2img", which snake_case would spell "text2_img"), else snake_case.
        /// </summary>
        public static readonly FrozenDictionary<T, string> ToName =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => AttributeName(v) ?? SnakeName(v));

        /// <summary>Reads both spellings, so adding a member-name attribute later keeps old rows readable.</summary>
        public static readonly FrozenDictionary<string, T> FromName =
            Enum.GetValues<T>()
                .SelectMany(v => new[] { (Name: SnakeName(v), Value: v), (Name: ToName[v], Value: v) })
                .DistinctBy(p => p.Name)
                .ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        private static string SnakeName(T value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

        private static string? AttributeName(T value) =>
            typeof(T).GetField(value.ToString())?.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                .OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name;
    }
}
