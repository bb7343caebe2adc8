using System.Text.Json;
using System.Text.RegularExpressions;

namespace SdSupervised.Supervisor.Api;

/// <summary>
/// System.Text.Json's messages in the wire's words: a client sent JSON, so "out of bounds for an Int32" or
/// "could not be converted to SdSupervised...HiresRequest" tell it nothing and show our internals. Every family's
/// body errors go through here.
/// </summary>
public static partial class JsonErrorText
{
    private static readonly Dictionary<string, string> Ranges = new(StringComparer.Ordinal)
    {
        ["Byte"] = "an integer between 0 and 255",
        ["SByte"] = "an integer between -128 and 127",
        ["Int16"] = "an integer between -32768 and 32767",
        ["UInt16"] = "an integer between 0 and 65535",
        ["Int32"] = "an integer between -2147483648 and 2147483647",
        ["UInt32"] = "an integer between 0 and 4294967295",
        ["Int64"] = "an integer between -9223372036854775808 and 9223372036854775807",
        ["UInt64"] = "an integer between 0 and 18446744073709551615",
        ["Single"] = "a finite number",
        ["Double"] = "a finite number",
        ["Decimal"] = "a number",
    };

    /// <summary>The message of a body that could not be read, without .NET type names.</summary>
    public static string Describe(JsonException error) =>
        // The outer message names the type expected; only the out-of-bounds inner one says more (the range).
        Scrub(error.InnerException is { } inner && OutOfBounds().IsMatch(inner.Message) ? inner.Message : error.Message);

    /// <summary>Rewrites the .NET type names in a serializer message as the JSON a client should have sent.</summary>
    public static string Scrub(string message)
    {
        message = OutOfBounds().Replace(message, m => $"expected {Ranges.GetValueOrDefault(m.Groups["type"].Value, "a number in range")}.");
        message = TypeName().Replace(message, m => WireName(m.Value));
        return BareNumericType().Replace(message, m => Ranges.TryGetValue(m.Groups["type"].Value, out var wire) ? wire : m.Value);
    }

    private static string WireName(string typeName)
    {
        if (typeName.EndsWith("[]", StringComparison.Ordinal)) return "an array";
        var generic = typeName.IndexOf('`');
        var outer = generic < 0 ? typeName : typeName[..generic];
        var simple = outer[(outer.LastIndexOf('.') + 1)..];
        if (simple == "Nullable" && typeName.IndexOf('[') is var open and > 0)
            return WireName(typeName[(open + 1)..typeName.LastIndexOf(']')]);
        return simple switch
        {
            "List" or "IList" or "IReadOnlyList" or "IEnumerable" or "ICollection" or "IReadOnlyCollection" or "HashSet" => "an array",
            "Dictionary" or "IDictionary" or "IReadOnlyDictionary" or "JsonObject" => "an object",
            "String" or "Char" => "a string",
            "Boolean" => "true or false",
            "DateTime" or "DateTimeOffset" => "an ISO 8601 date and time",
            "TimeSpan" => "a duration",
            "Guid" => "a UUID",
            "JsonElement" or "JsonNode" or "Object" => "a JSON value",
            _ when Ranges.TryGetValue(simple, out var number) => number,
            _ when (Type.GetType(outer) ?? typeof(JsonErrorText).Assembly.GetType(outer))?.IsEnum == true => "one of the allowed values",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"Either the JSON value is not in a supported format, or is out of bounds for an? (?<type>\w+)\.")]
    private static partial Regex OutOfBounds();

    /// <summary>A namespace-qualified type, with its generic arguments (<c>System.Collections.Generic.List`1[System.Int32]</c>).</summary>
    [GeneratedRegex(@"\b(?:System|SdSupervised|Microsoft|FastEndpoints)(?:\.[\w+]+)+(?:`\d+\[(?:[^\[\]]|\[[^\[\]]*\])*\])?(?:\[\])?")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"\b(?:an? )?(?<type>U?Int(?:16|32|64)|S?Byte|Single|Double|Decimal)\b")]
    private static partial Regex BareNumericType();
}
