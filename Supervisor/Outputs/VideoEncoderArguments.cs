using System.Globalization;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// ffmpeg's command line for raw RGB frames on stdin to an H.264 MP4. yuv420p is what browsers and phones decode;
/// it needs even sizes, so an odd edge is padded by one pixel (Wan's sizes are multiples of 16 and never are).
/// <c>+faststart</c> puts the index first so a browser can start playing (and seek with range requests) before the end arrives.
/// </summary>
public static class VideoEncoderArguments
{
    public static IReadOnlyList<string> Build(int width, int height, int fps, string outputPath, VideoOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-loglevel", "error",
            "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-video_size", $"{I(width)}x{I(height)}",
            "-framerate", I(fps),
            "-i", "pipe:0",
            "-an",
        };
        if (width % 2 != 0 || height % 2 != 0)
            args.AddRange(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"]);
        args.AddRange(
        [
            "-c:v", "libx264",
            "-preset", options.Preset,
            "-crf", I(options.Crf),
            "-pix_fmt", "yuv420p",
            "-movflags", "+faststart",
            "-f", "mp4",
            "-y", outputPath,
        ]);
        return args;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
