namespace SdSupervised.Supervisor.Outputs;

/// <summary>Whether video jobs can be encoded here, shown in <c>/api/system</c>: the encoder found, or why there is none.</summary>
public sealed record VideoEncoderStatus(bool Available, string Encoder, string? Version, string? Reason, IReadOnlyList<string> Formats)
{
    public static VideoEncoderStatus Missing(string reason) => new(false, "ffmpeg", null, reason, []);
}
