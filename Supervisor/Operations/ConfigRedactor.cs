using System.Text.Json.Nodes;

namespace SdSupervised.Supervisor.Operations;

/// <summary>Replaces every non-null value whose key names a secret (key, secret, password, token) with <c>"***"</c>, at any depth.</summary>
public static class ConfigRedactor
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["key", "secret", "password", "token"];

    public static bool IsSecret(string name) =>
        SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(name) && obj[name] is not null)
                        obj[name] = Mask;
                    else
                        Redact(obj[name]);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    Redact(item);
                break;
        }
        return node;
    }
}
