using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Api;

/// <summary>
/// Lists of objects in request bodies (<c>loras</c>, batch <c>operations</c>, <c>images</c>) refuse a <c>null</c>
/// element when they are read: the serializer would hand the endpoint a list with a hole in it, and every consumer
/// would have to check. Strings are left alone (A1111's <c>init_images</c> skips blank entries itself). Writing is
/// unchanged.
/// </summary>
public sealed class NoNullElementsConverterFactory : JsonConverterFactory
{
    private static readonly HashSet<Type> ListShapes =
        [typeof(List<>), typeof(IList<>), typeof(IReadOnlyList<>), typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>)];

    public override bool CanConvert(Type typeToConvert) => ElementType(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var element = ElementType(typeToConvert)!;
        var converter = typeToConvert.IsArray
            ? typeof(ArrayConverter<>).MakeGenericType(element)
            : typeof(ListConverter<,>).MakeGenericType(typeToConvert, element);
        return (JsonConverter)Activator.CreateInstance(converter)!;
    }

    private static Type? ElementType(Type type)
    {
        var element = type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType()
            : type.IsGenericType && ListShapes.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0]
            : null;
        return element is { IsValueType: false } && element != typeof(string) && element != typeof(object)
            && !typeof(global::System.Text.Json.Nodes.JsonNode).IsAssignableFrom(element) ? element : null;
    }

    private static List<T> ReadList<T>(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("expected an array.");
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
                throw new JsonException($"element {list.Count} is null; each element must be an object.");
            list.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
        }
        return list;
    }

    private static void WriteList<T>(Utf8JsonWriter writer, IEnumerable<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
            JsonSerializer.Serialize(writer, item, options);
        writer.WriteEndArray();
    }

    private sealed class ListConverter<TList, T> : JsonConverter<TList> where TList : class, IEnumerable<T>
    {
        public override TList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            (TList)(object)ReadList<T>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, TList value, JsonSerializerOptions options) => WriteList(writer, value, options);
    }

    private sealed class ArrayConverter<T> : JsonConverter<T[]>
    {
        public override T[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            [.. ReadList<T>(ref reader, options)];

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options) => WriteList(writer, value, options);
    }
}
