using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Events;

/// <summary>One dispatched SSE message as a browser would see it: an event, a comment, or a retry hint.</summary>
public sealed record SseMessage(long? Id, string? Event, string? RawData, string? Comment, int? Retry)
{
    public JsonNode? Data => Json.TryParse(RawData);
    public bool IsEvent => Event is not null;
    public string? JobId => Data.Str("job_id");

    public override string ToString() =>
        Comment is not null ? $": {Comment}" : Retry is not null ? $"retry: {Retry}" : $"[{Id?.ToString() ?? "-"}] {Event} {RawData}";
}
