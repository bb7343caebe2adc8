using SdSupervised.Contracts;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// The video fallback when ffmpeg is absent (<see cref="Configuration.VideoOptions.Fallback"/> <c>gif</c>): the frames as
/// one looping animated GIF, encoded by ImageSharp (a real encoder: palette quantization per frame, LZW), so a box
/// without ffmpeg still gives a playable result. GIF keeps delays in hundredths of a second, so 16 fps plays at 16.7.
/// </summary>
public sealed class AnimatedGifEncoder
{
    public const string FileName = "video.gif";

    public async Task EncodeAsync(IReadOnlyList<GeneratedImage> frames, int fps, string outputPath, CancellationToken cancellationToken)
    {
        if (frames.Count == 0)
            throw new VideoEncodingException("the video has no frames to encode");
        var (width, height) = (frames[0].Width, frames[0].Height);
        var delay = Math.Max(2, (int)Math.Round(100.0 / Math.Max(1, fps)));
        using var gif = new Image<Rgb24>(width, height);
        for (var i = 0; i < frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var f = frames[i];
            if (f.Width != width || f.Height != height || f.Channels != 3 || f.Pixels.LongLength != (long)width * height * 3)
                throw new VideoEncodingException($"frame {i + 1} is {f.Width}x{f.Height}x{f.Channels} with {f.Pixels.LongLength} bytes; every frame must be {width}x{height} RGB");
            using var frame = Image.LoadPixelData<Rgb24>(f.Pixels, width, height);
            var added = gif.Frames.AddFrame(frame.Frames.RootFrame);
            added.Metadata.GetGifMetadata().FrameDelay = delay;
        }
        // The blank frame the image was created with.
        gif.Frames.RemoveFrame(0);
        gif.Metadata.GetGifMetadata().RepeatCount = 0;
        await gif.SaveAsGifAsync(outputPath, new GifEncoder { ColorTableMode = GifColorTableMode.Local }, cancellationToken);
    }
}
