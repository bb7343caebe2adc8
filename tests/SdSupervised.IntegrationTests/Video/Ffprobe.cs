using System.Diagnostics;
using System.Text.Json;

namespace SdSupervised.IntegrationTests.Video;

/// <summary>What ffprobe (Debian's ffmpeg package) reads from a video file: the first video stream, frames counted by decoding.</summary>
public sealed record Ffprobe(string Codec, string PixelFormat, int Width, int Height, int Frames, string FrameRate)
{
    public static async Task<Ffprobe> ReadAsync(string path)
    {
        var info = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-v", "error", "-select_streams", "v:0", "-count_frames",
                     "-show_entries", "stream=codec_name,pix_fmt,width,height,nb_read_frames,r_frame_rate", "-of", "json", path })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffprobe failed on {path}: {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        var stream = json.RootElement.GetProperty("streams")[0];
        return new Ffprobe(
            stream.GetProperty("codec_name").GetString()!,
            stream.GetProperty("pix_fmt").GetString()!,
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32(),
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            stream.GetProperty("r_frame_rate").GetString()!);
    }
}
