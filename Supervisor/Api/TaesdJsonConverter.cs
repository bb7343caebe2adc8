using System.Text.Json;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Generation;

namespace SdSupervised.Supervisor.Api;

/// <summary>
/// <c>taesd</c> is <c>true</c> (the catalog's TAESD for the model's family: <see cref="TaesdChoice.Auto"/>), a TAESD
/// file's name, or <c>false</c>/null/"" (off); the strings "true" and "false" count as the booleans (form input).
/// Written back as the same JSON.
/// </summary>
public sealed class TaesdJsonConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => TaesdChoice.Auto,
        JsonTokenType.False or JsonTokenType.Null => null,
        // A form sends text: "true"/"false" mean the booleans.
        JsonTokenType.String => reader.GetString()?.Trim() is { Length: > 0 } name && !string.Equals(name, "false", StringComparison.OrdinalIgnoreCase)
            ? string.Equals(name, "true", StringComparison.OrdinalIgnoreCase) ? TaesdChoice.Auto : name
            : null,
        _ => throw new JsonException("taesd must be true (the TAESD that fits the model), a TAESD model's name, or false."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
            writer.WriteNullValue();
        else if (value == TaesdChoice.Auto)
            writer.WriteBooleanValue(true);
        else
            writer.WriteStringValue(value);
    }
}
