using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Api;

/// <summary>The API's JSON conventions (the seed's): snake_case names, enums as snake_case strings.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // An API, never inlined into HTML: keep messages readable ("job 'x'", not "job \u0027x\u0027").
        options.Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }

    /// <summary>For reading request bodies: <paramref name="options"/>, and lists of objects refuse null elements.</summary>
    public static JsonSerializerOptions ForRequests(JsonSerializerOptions options) =>
        new(options) { Converters = { new NoNullElementsConverterFactory() } };

    public static string Name(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);
}
