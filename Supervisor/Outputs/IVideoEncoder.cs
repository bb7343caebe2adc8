using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>Encodes a video job's frames to a playable file.</summary>
public interface IVideoEncoder
{
    /// <summary>Whether the encoder is there (probed once, then cached; <paramref name="refresh"/> probes again).</summary>
    Task<VideoEncoderStatus> StatusAsync(CancellationToken cancellationToken, bool refresh = false);

    /// <summary>
    /// Writes <paramref name="frames"/> (raw RGB, all one size) as an H.264 MP4 at <paramref name="outputPath"/>.
    /// Throws <see cref="VideoEncodingException"/> when the encoder is missing or fails.
    /// </summary>
    Task EncodeMp4Async(IReadOnlyList<GeneratedImage> frames, int fps, string outputPath, CancellationToken cancellationToken);
}
