using System.Text.Json.Nodes;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>A worker's recycling, standby and device-memory fields in <c>/api/status</c>.</summary>
public sealed record SlotCapacityView(
    int? Pid, int? Restarts, int? Recycles, string? LastRecycleReason, string? Standby, int? StandbyPid,
    long? DeviceTotalBytes, long? DeviceUsedBytes, string? LastFailureKind)
{
    public static SlotCapacityView? Of(StatusSnapshot status, string workerId) =>
        status.Node.Arr("workers")?.FirstOrDefault(w => w.Str("id") == workerId) is { } w ? From(w) : null;

    private static SlotCapacityView From(JsonNode w) => new(
        w.Int("pid"), w.Int("restarts"), w.Int("recycles"), w.Obj("last_recycle").Str("reason"), w.Str("standby"), w.Int("standby_pid"),
        w.Obj("device_memory").Long("total_bytes"), w.Obj("device_memory").Long("used_bytes"), w.Obj("last_failure").Str("kind"));
}
