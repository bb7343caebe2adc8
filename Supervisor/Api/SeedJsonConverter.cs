using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Api;

/// <summary>A seed is a number, -1, or the string "random" (also a number in a string, as some clients send).</summary>
public sealed class SeedJsonConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return number;
            case JsonTokenType.String:
                var text = reader.GetString()?.Trim();
                if (string.Equals(text, "random", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(text))
                    return -1;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    return parsed;
                break;
            case JsonTokenType.Null:
                return -1;
        }
        throw new JsonException("seed must be an integer, -1 or \"random\".");
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
