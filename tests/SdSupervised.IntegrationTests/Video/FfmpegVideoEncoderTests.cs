using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.IntegrationTests.Packaging;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.IntegrationTests.Video;

/// <summary>The encoder against the real ffmpeg: frames in, a real H.264 yuv420p MP4 out, read back by ffprobe.</summary>
public sealed class FfmpegVideoEncoderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sds-ffmpeg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresToolsFact("ffprobe", "Debian: apt-get install ffmpeg")]
    public async Task Frames_become_an_h264_yuv420p_mp4_with_every_frame()
    {
        var encoder = Encoder();
        var path = Path.Combine(_dir, "clip.mp4");

        await encoder.EncodeMp4Async(Frames(9, 64, 48), 16, path, CancellationToken.None);

        var probe = await Ffprobe.ReadAsync(path);
        Assert.Equal(new Ffprobe("h264", "yuv420p", 64, 48, 9, "16/1"), probe);
        var status = await encoder.StatusAsync(CancellationToken.None);
        Assert.True(status.Available, status.Reason);
        Assert.NotNull(status.Version);
    }

    [RequiresToolsFact("ffprobe", "Debian: apt-get install ffmpeg")]
    public async Task Odd_sized_frames_are_padded_to_a_playable_size()
    {
        var path = Path.Combine(_dir, "odd.mp4");

        await Encoder().EncodeMp4Async(Frames(3, 33, 17), 8, path, CancellationToken.None);

        var probe = await Ffprobe.ReadAsync(path);
        Assert.Equal((34, 18, 3), (probe.Width, probe.Height, probe.Frames));
    }

    [Fact]
    public async Task Missing_ffmpeg_is_a_clear_reason_and_a_clear_encoding_error()
    {
        var encoder = Encoder(ffmpeg: Path.Combine(_dir, "no-such-ffmpeg"));

        var status = await encoder.StatusAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<VideoEncodingException>(() =>
            encoder.EncodeMp4Async(Frames(2, 16, 16), 16, Path.Combine(_dir, "x.mp4"), CancellationToken.None));

        Assert.False(status.Available);
        Assert.Contains("ffmpeg not found", status.Reason);
        Assert.Contains("apt-get install ffmpeg", status.Reason);
        Assert.StartsWith("video encoding is unavailable: ffmpeg not found", error.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "x.mp4")));
    }

    [Fact]
    public async Task Frames_of_different_sizes_are_refused_before_ffmpeg_runs()
    {
        var frames = Frames(2, 16, 16).Append(Frames(1, 8, 8)[0]).ToList();

        var error = await Assert.ThrowsAsync<VideoEncodingException>(() =>
            Encoder().EncodeMp4Async(frames, 16, Path.Combine(_dir, "y.mp4"), CancellationToken.None));

        Assert.Equal("frame 3 is 8x8x3 with 192 bytes; every frame must be 16x16 RGB", error.Message);
    }

    private static FfmpegVideoEncoder Encoder(string ffmpeg = "ffmpeg") =>
        new(Options.Create(new VideoOptions { Ffmpeg = ffmpeg }), NullLogger<FfmpegVideoEncoder>.Instance);

    private static GeneratedImage[] Frames(int count, int width, int height) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var pixels = new byte[width * height * 3];
            for (var p = 0; p < pixels.Length; p += 3)
            {
                var x = p / 3 % width;
                pixels[p] = (byte)((x + i * 7) * 4);
                pixels[p + 1] = (byte)(p / 3 / width * 5);
                pixels[p + 2] = (byte)(i * 20);
            }
            return new GeneratedImage { Width = width, Height = height, Channels = 3, Pixels = pixels };
        }).ToArray();
}
