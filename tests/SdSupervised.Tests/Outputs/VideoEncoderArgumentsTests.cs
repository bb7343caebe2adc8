using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Tests.Outputs;

/// <summary>ffmpeg's command line for a video job: raw RGB on stdin, H.264 yuv420p MP4 out, the index first for seeking.</summary>
public sealed class VideoEncoderArgumentsTests
{
    [Fact]
    public void Raw_rgb_frames_on_stdin_become_h264_yuv420p_with_the_index_first()
    {
        var args = VideoEncoderArguments.Build(832, 480, 16, "/data/outputs/j/.video.mp4.tmp", new VideoOptions());

        Assert.Equal(
            "-hide_banner -nostdin -loglevel error -f rawvideo -pix_fmt rgb24 -video_size 832x480 -framerate 16 -i pipe:0 -an " +
            "-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -movflags +faststart -f mp4 -y /data/outputs/j/.video.mp4.tmp",
            string.Join(' ', args));
    }

    [Fact]
    public void Options_choose_the_preset_and_quality()
    {
        var args = VideoEncoderArguments.Build(64, 64, 24, "out.mp4", new VideoOptions { Preset = "slow", Crf = 23 });

        Assert.Equal("slow", args[args.ToList().IndexOf("-preset") + 1]);
        Assert.Equal("23", args[args.ToList().IndexOf("-crf") + 1]);
        Assert.Equal("24", args[args.ToList().IndexOf("-framerate") + 1]);
    }

    [Theory]
    [InlineData(65, 64)]
    [InlineData(64, 33)]
    public void Odd_sizes_are_padded_to_even_for_yuv420p(int width, int height)
    {
        var args = VideoEncoderArguments.Build(width, height, 16, "out.mp4", new VideoOptions());

        Assert.Equal("pad=ceil(iw/2)*2:ceil(ih/2)*2", args[args.ToList().IndexOf("-vf") + 1]);
    }

    [Fact]
    public void Even_sizes_are_not_filtered()
    {
        Assert.DoesNotContain("-vf", VideoEncoderArguments.Build(64, 48, 16, "out.mp4", new VideoOptions()));
    }

    [Theory]
    [InlineData(0, 64, 16)]
    [InlineData(64, 0, 16)]
    [InlineData(64, 64, 0)]
    public void Empty_sizes_and_rates_are_refused(int width, int height, int fps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoEncoderArguments.Build(width, height, fps, "out.mp4", new VideoOptions()));
    }

    [Theory]
    [InlineData("video.mp4", "video/mp4")]
    [InlineData("00-42.png", "image/png")]
    [InlineData("VIDEO.MP4", "video/mp4")]
    [InlineData("x.bin", "application/octet-stream")]
    public void Output_content_types_follow_the_extension(string file, string type)
    {
        Assert.Equal(type, OutputContentTypes.For(file));
    }
}
