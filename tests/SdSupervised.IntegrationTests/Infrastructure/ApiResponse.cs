using System.Net;
using System.Text.Json.Nodes;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>What came back for one request, kept raw so a failed assertion can show it exactly.</summary>
public sealed record ApiResponse(string Method, string Target, string? RequestBody, HttpStatusCode Status, string? ContentType, byte[] Body)
{
    public int Code => (int)Status;
    /// <summary>Response headers, several values of one joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
    public JsonNode? Json => Infrastructure.Json.TryParse(Text);

    public override string ToString()
    {
        var shown = ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
            ? $"<{Body.Length} bytes of {ContentType}>"
            : Text.Length > 4000 ? Text[..4000] + "..." : Text;
        return $"{Method} {Target}{(RequestBody is null ? "" : " " + RequestBody)}\n  -> {Code} {Status} ({ContentType ?? "no content-type"})\n  {shown}";
    }
}
