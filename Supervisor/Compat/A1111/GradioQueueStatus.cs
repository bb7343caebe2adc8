using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// Gradio 3's queue estimate, as A1111 serves it at <c>GET /queue/status</c>. Clients probe it to decide that a WebUI
/// is up; <c>queue_size</c> is the jobs waiting. The timing estimates Gradio keeps are not known here: null, and a
/// queue ETA only when the queue is empty (0).
/// </summary>
public sealed record GradioQueueStatus(
    [property: JsonPropertyName("queue_size")] int QueueSize,
    [property: JsonPropertyName("msg")] string Msg = "estimation",
    [property: JsonPropertyName("rank")] int? Rank = null,
    [property: JsonPropertyName("avg_event_process_time")] double? AvgEventProcessTime = null,
    [property: JsonPropertyName("avg_event_concurrent_process_time")] double? AvgEventConcurrentProcessTime = null,
    [property: JsonPropertyName("rank_eta")] double? RankEta = null)
{
    [JsonPropertyName("queue_eta")] public double? QueueEta => QueueSize == 0 ? 0 : null;
}
