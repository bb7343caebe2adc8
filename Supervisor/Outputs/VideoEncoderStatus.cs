namespace SdSupervised.Supervisor.Outputs;

/// <summary>Whether video jobs can be encoded here, shown in <c>/api/system</c>: the encoder found, or why there is none.</summary>
public sealed record VideoEncoderStatus(bool Available, string Encoder, string? Version, string? Reason, IReadOnlyList<string> Formats)
{
    /// <summary>Set when ffmpeg is missing and videos are written another way (<c>gif</c>); null when ffmpeg encodes them or none can.</summary>
    public string? Fallback { get; init; }

    /// <summary>Whether a video job can produce a playable file here, with ffmpeg or the fallback.</summary>
    public bool CanEncode => Available || Fallback is not null;

    /// <summary>This status with the configured fallback applied: when ffmpeg is missing, <c>gif</c> makes GIF the format.</summary>
    public VideoEncoderStatus WithFallback(string fallback) =>
        Available || fallback != "gif" ? this : this with { Fallback = "gif", Formats = ["gif"] };

    public static VideoEncoderStatus Missing(string reason) => new(false, "ffmpeg", null, reason, []);
}
