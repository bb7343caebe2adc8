using System.ComponentModel;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// <see cref="IVideoEncoder"/> with the system's ffmpeg through CliWrap: the frames are streamed to its stdin as raw RGB,
/// one buffer per frame as it came from the worker (no copy), and x264 writes the MP4. Whether ffmpeg (with libx264) is
/// installed is probed on first use and cached; a missing one is a clear reason, never a hang or a stack trace.
/// </summary>
public sealed class FfmpegVideoEncoder(IOptions<VideoOptions> options, ILogger<FfmpegVideoEncoder> logger) : IVideoEncoder
{
    private const int StderrKeptChars = 4000;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _probeGate = new(1, 1);
    private VideoEncoderStatus? _status;

    public async Task<VideoEncoderStatus> StatusAsync(CancellationToken cancellationToken, bool refresh = false)
    {
        if (!refresh && Volatile.Read(ref _status) is { } known)
            return known;
        await _probeGate.WaitAsync(cancellationToken);
        try
        {
            if (refresh || _status is null)
            {
                _status = await ProbeAsync(cancellationToken);
                if (_status.Available)
                    logger.LogInformation("Video encoder: {Encoder} {EncoderVersion}", _status.Encoder, _status.Version);
                else
                    logger.LogWarning("Video encoding is unavailable: {Reason}", _status.Reason);
            }
            return _status;
        }
        finally
        {
            _probeGate.Release();
        }
    }

    public async Task EncodeMp4Async(IReadOnlyList<GeneratedImage> frames, int fps, string outputPath, CancellationToken cancellationToken)
    {
        if (frames.Count == 0)
            throw new VideoEncodingException("the video has no frames to encode");
        var (width, height) = (frames[0].Width, frames[0].Height);
        for (var i = 0; i < frames.Count; i++)
        {
            var f = frames[i];
            if (f.Width != width || f.Height != height || f.Channels != 3 || f.Pixels.LongLength != (long)width * height * 3)
                throw new VideoEncodingException($"frame {i + 1} is {f.Width}x{f.Height}x{f.Channels} with {f.Pixels.LongLength} bytes; every frame must be {width}x{height} RGB");
        }
        var status = await StatusAsync(cancellationToken);
        if (!status.Available)
            throw new VideoEncodingException($"video encoding is unavailable: {status.Reason}");

        var o = options.Value;
        var stderr = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        var input = PipeSource.Create(async (stdin, ct) =>
        {
            foreach (var frame in frames)
                await stdin.WriteAsync(frame.Pixels, ct);
        });
        CommandResult result;
        try
        {
            result = await Cli.Wrap(o.Ffmpeg)
                .WithArguments(VideoEncoderArguments.Build(width, height, fps, outputPath, o))
                .WithStandardInputPipe(input)
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
                {
                    lock (stderr)
                    {
                        if (stderr.Length < StderrKeptChars)
                            stderr.AppendLine(line);
                    }
                }))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VideoEncodingException($"ffmpeg did not finish encoding {frames.Count} frames within {o.TimeoutSeconds} s");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new VideoEncodingException($"ffmpeg could not be started ('{o.Ffmpeg}'): {ex.Message}", ex);
        }

        if (result.ExitCode != 0)
        {
            string text;
            lock (stderr)
                text = stderr.ToString().Trim();
            throw new VideoEncodingException($"ffmpeg failed with exit code {result.ExitCode}: {(text.Length > 0 ? text : "it wrote no error")}");
        }
        logger.LogDebug("Encoded {FrameCount} frames of {Width}x{Height} at {Fps} fps in {Seconds:0.00} s", frames.Count, width, height, fps, result.RunTime.TotalSeconds);
    }

    private async Task<VideoEncoderStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var ffmpeg = options.Value.Ffmpeg;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            var version = await Cli.Wrap(ffmpeg).WithArguments(["-hide_banner", "-nostdin", "-version"])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
            if (version.ExitCode != 0)
                return VideoEncoderStatus.Missing($"'{ffmpeg} -version' failed with exit code {version.ExitCode}");
            var encoders = await Cli.Wrap(ffmpeg).WithArguments(["-hide_banner", "-nostdin", "-encoders"])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(timeout.Token);
            var firstLine = version.StandardOutput.Split('\n', 2)[0].Trim();
            var number = firstLine.StartsWith("ffmpeg version ", StringComparison.Ordinal) ? firstLine["ffmpeg version ".Length..].Split(' ')[0] : firstLine;
            if (!encoders.StandardOutput.Contains(" libx264 ", StringComparison.Ordinal))
                return new VideoEncoderStatus(false, "ffmpeg", number, $"'{ffmpeg}' has no libx264 encoder (Debian's ffmpeg package has it)", []);
            return new VideoEncoderStatus(true, "ffmpeg", number, null, ["mp4 (h264, yuv420p)"]);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return VideoEncoderStatus.Missing($"'{ffmpeg}' did not answer within {ProbeTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            logger.LogDebug(ex, "ffmpeg could not be started");
            return VideoEncoderStatus.Missing(
                $"ffmpeg not found ('{ffmpeg}'): install Debian's ffmpeg package (apt-get install ffmpeg) or set Sds:Video:Ffmpeg; video jobs are refused until then");
        }
    }
}
