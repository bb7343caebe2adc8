using System.Text.Json.Nodes;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>One <c>GET /api/queue/job/{id}</c> answer, read tolerantly; <see cref="ToString"/> is the raw JSON.</summary>
public sealed class JobSnapshot(JsonNode? node)
{
    public JsonNode? Node { get; } = node;

    public string? Id => Node.Str("job_id");
    public string? Type => Node.Str("type");
    public string? Status => Node.Str("status");
    public int? Position => Node.Int("position");
    public int? Attempts => Node.Int("attempts");
    /// <summary>The job's number in submission order (FIFO).</summary>
    public long? Sequence => Node.Long("sequence");
    public DateTimeOffset? StartedAt => Node.Str("started_at") is { } at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : null;
    public string? WorkerId => Node.Str("worker_id");
    public JsonObject? Progress => Node.Obj("progress");
    /// <summary>loading_model, sampling or decoding; steps count within a phase.</summary>
    public string? Phase => Progress.Str("phase");
    public int? Step => Progress.Int("step");
    /// <summary>The sampling step, or null while the job is in another phase (or not running).</summary>
    public int? SamplingStep => Phase == "sampling" ? Step : null;
    public int? Steps => Progress.Int("steps");
    public JsonObject? Params => Node.Obj("params");
    public string? ErrorKind => Node.Obj("error").Str("kind");
    public string? ErrorMessage => Node.Obj("error").Str("message");

    public IReadOnlyList<JobFailureView> Failures =>
        Node.Arr("failures")?.Select(f => new JobFailureView(f.Str("kind"), f.Str("message"), f.Str("worker_id"), f.Str("at"))).ToArray() ?? [];

    public IReadOnlyList<JobOutputView> Outputs =>
        Node.Arr("outputs")?.Select(o => new JobOutputView(o.Str("filename"), o.Str("url"), o.Long("seed"), o.Int("width"), o.Int("height"))).ToArray() ?? [];

    public bool IsTerminal => Status is "completed" or "failed" or "cancelled";

    public override string ToString() => Json.Show(Node);
}
