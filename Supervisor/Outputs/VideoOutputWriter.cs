using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// Writes a video job's outputs: <c>video.mp4</c> (H.264, yuv420p; or <c>video.gif</c> when ffmpeg is missing and the
/// GIF fallback is on), <c>video.png</c> (the first frame with the job's parameters, which is also the video's
/// thumbnail) and, when <see cref="VideoOptions.KeepFrames"/> is on, <c>frame-0000.png</c>... Every file appears whole
/// or not at all.
/// </summary>
public sealed class VideoOutputWriter(IOutputStore outputs, IVideoEncoder encoder, AnimatedGifEncoder gif, IOptions<VideoOptions> options)
{
    public const string VideoFile = "video.mp4";
    public const string PosterFile = "video.png";

    /// <summary>The video first (the job's main output), then the poster, then any frames.</summary>
    public async Task<IReadOnlyList<JobOutput>> SaveAsync(string jobId, VideoResult video, long seed, string parameters, CancellationToken cancellationToken)
    {
        if (video.Frames.Length == 0)
            throw new VideoEncodingException("the worker returned a video without frames");
        var first = video.Frames[0];
        var fps = video.Fps > 0 ? video.Fps : 16;
        var status = (await encoder.StatusAsync(cancellationToken)).WithFallback(options.Value.Fallback);
        var file = status.Available ? VideoFile : status.Fallback is not null ? AnimatedGifEncoder.FileName
            : throw new VideoEncodingException($"video encoding is unavailable: {status.Reason}");
        await outputs.SaveFileAsync(jobId, file, (temp, ct) => status.Available
            ? encoder.EncodeMp4Async(video.Frames, fps, temp, ct)
            : gif.EncodeAsync(video.Frames, fps, temp, ct), cancellationToken);
        var saved = new List<JobOutput> { new(file, seed, first.Width, first.Height) };
        saved.Add(await outputs.SaveAsync(jobId, PosterFile, first with { Seed = seed }, parameters, cancellationToken));
        if (options.Value.KeepFrames)
        {
            var frames = await Task.WhenAll(video.Frames.Select((frame, i) => Task.Run(() =>
                outputs.SaveAsync(jobId, $"frame-{i:D4}.png", frame with { Seed = seed }, parameters, cancellationToken), cancellationToken)));
            saved.AddRange(frames);
        }
        return saved;
    }
}
