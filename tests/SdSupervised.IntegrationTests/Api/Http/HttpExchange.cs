using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>A request and its answer with every header, kept raw so a failed assertion shows exactly what came back.</summary>
public sealed record HttpExchange(string Request, int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode? Json => Infrastructure.Json.TryParse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>In the shape <see cref="ErrorBody"/> checks.</summary>
    public ApiResponse AsApiResponse() =>
        new(Request.Split(' ')[0], Request, null, (System.Net.HttpStatusCode)Status, Header("Content-Type"), System.Text.Encoding.UTF8.GetBytes(Body));

    public override string ToString()
    {
        var shown = Body.Length > 3000 ? Body[..3000] + "..." : Body;
        return $"{Request}\n  -> {Status}\n  {string.Join("\n  ", Headers.Select(h => $"{h.Key}: {h.Value}"))}\n  {shown}";
    }
}
