using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A1111 types some switches as integers (<c>inpainting_mask_invert: 1</c>); clients send 0/1, true/false or null.</summary>
public sealed class A1111FlexibleBoolConverter : JsonConverter<bool>
{
    public override bool HandleNull => true;

    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        JsonTokenType.Number when reader.TryGetDouble(out var number) => number != 0,
        JsonTokenType.String when reader.GetString()?.Trim().ToLowerInvariant() is { } text => text is "1" or "true" or "yes",
        _ => throw new JsonException("expected 0, 1, true or false."),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteNumberValue(value ? 1 : 0);
}
