using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Generation;

/// <summary>Field names as the seed API spells them, from validator property names (possibly overridden, possibly nested).</summary>
internal static class ApiNames
{
    public static string Field(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName))
            return "request";
        var name = propertyName.AsSpan().IndexOfAny("_.") >= 0 ? propertyName : ApiJson.Name(propertyName);
        // "Loras[0]" → "loras": the message names the item.
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? name[..bracket] : name;
    }
}
