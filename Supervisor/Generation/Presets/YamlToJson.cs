using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// A YAML document as the JSON it stands for, so a YAML preset is checked and merged exactly like a JSON one. Plain
/// (unquoted) scalars take YAML 1.2's core types: <c>20</c> is a number, <c>true</c> a boolean, <c>~</c>/<c>null</c>
/// null; quoted scalars stay strings (<c>"20"</c> is the text 20, as in JSON).
/// </summary>
public static class YamlToJson
{
    /// <summary>The first document of <paramref name="yaml"/>; null for an empty file. Throws <see cref="YamlException"/> on bad YAML.</summary>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => Map(map),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, "YAML aliases are not supported in presets"),
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new YamlException(key.Start, key.End, "preset keys must be plain names");
            if (result.ContainsKey(name))
                throw new YamlException(key.Start, key.End, $"the key '{name}' appears twice");
            result[name] = Node(value);
        }
        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }
}
