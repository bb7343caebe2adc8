using System.Text.Json.Nodes;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>One <c>GET /api/status</c> answer; <see cref="ToString"/> is the raw JSON.</summary>
public sealed class StatusSnapshot(JsonNode? node)
{
    public JsonNode? Node { get; } = node;
    public string? Status => Node.Str("status");
    public string? EngineKind => Node.Obj("engine").Str("kind");
    public IReadOnlyList<WorkerView> Workers => Node.Arr("workers")?.Select(WorkerView.From).ToArray() ?? [];
    public WorkerView? Worker(string id) => Workers.FirstOrDefault(w => w.Id == id);
    public override string ToString() => Json.Show(Node);
}
