using System.Text.Json.Nodes;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>One entry of <c>/api/status</c>'s <c>workers</c>.</summary>
public sealed record WorkerView(string? Id, string? Device, string? State, int? Pid, int? Restarts, string? JobId, string? LastFailureKind, string? LastFailureMessage, string? Reason, string? Breaker = null)
{
    public bool IsUsable => State is "idle" or "loading" or "busy";

    public static WorkerView From(JsonNode? w) => new(
        w.Str("id"), w.Str("device"), w.Str("state"), w.Int("pid"), w.Int("restarts"), w.Str("job_id"),
        w.Obj("last_failure").Str("kind"), w.Obj("last_failure").Str("message"), w.Str("reason"), w.Str("breaker"));
}
