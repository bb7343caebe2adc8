using SdSupervised.Contracts;

namespace SdSupervised.Worker.Engines.Synthetic;

/// <summary>
/// A deterministic moving picture for the synthetic engine's video: the still scene of the prompt and seed
/// (<see cref="SyntheticImagePainter"/>) panning left by a seed-chosen speed, with a bright disc crossing it, so
/// consecutive frames differ and an encoder has real motion to code. The same spec gives the same bytes.
/// I2V/FLF2V: frame 0 is the init image (resized to the video), fading into the scene; with an end image the last
/// frame is the end image, faded into from the scene.
/// </summary>
public sealed class SyntheticVideoPainter
{
    private const int Channels = SyntheticImagePainter.Channels;

    private readonly VideoGenerationSpec _spec;
    private readonly byte[] _scene;
    private readonly byte[]? _init;
    private readonly byte[]? _end;
    private readonly int _panPerFrame;
    private readonly int _discRadius;
    private readonly int _discY;

    public SyntheticVideoPainter(VideoGenerationSpec spec)
    {
        _spec = spec;
        var key = KeyFor(spec);
        _scene = SyntheticImagePainter.Paint(spec.Width, spec.Height, key);
        var rng = new SplitMix64(key ^ 0x71DE0UL);
        // At least a pixel a frame so no two neighbouring frames are equal, at most a tenth of the width.
        _panPerFrame = Math.Max(1, rng.NextInt(spec.Width / 200 + 1, spec.Width / 40 + 2));
        _discRadius = Math.Max(2, Math.Min(spec.Width, spec.Height) / 10);
        _discY = rng.NextInt(_discRadius, Math.Max(_discRadius + 1, spec.Height - _discRadius));
        _init = spec.InitImage is { } init ? SyntheticImages.ToRgb(init, spec.Width, spec.Height) : null;
        _end = spec.EndImage is { } end ? SyntheticImages.ToRgb(end, spec.Width, spec.Height) : null;
    }

    /// <summary>The frames the spec asks for, painted in order.</summary>
    public byte[][] PaintAll()
    {
        var frames = new byte[_spec.VideoFrames][];
        for (var i = 0; i < frames.Length; i++)
            frames[i] = Frame(i);
        return frames;
    }

    public byte[] Frame(int index)
    {
        var (width, height) = (_spec.Width, _spec.Height);
        var frame = GC.AllocateUninitializedArray<byte>(width * height * Channels);
        var shift = (int)((long)index * _panPerFrame % width);
        var rowBytes = width * Channels;
        for (var y = 0; y < height; y++)
        {
            // Pan: the row read from `shift` on, wrapping round.
            var source = _scene.AsSpan(y * rowBytes, rowBytes);
            var target = frame.AsSpan(y * rowBytes, rowBytes);
            source[(shift * Channels)..].CopyTo(target);
            source[..(shift * Channels)].CopyTo(target[((width - shift) * Channels)..]);
        }
        PaintDisc(frame, index);

        var last = _spec.VideoFrames - 1;
        if (_init is not null && last > 0)
            frame = SyntheticCompositor.Blend(_init, frame, _end is null ? index / (float)last : Math.Min(1f, 2f * index / last));
        else if (_init is not null)
            frame = (byte[])_init.Clone();
        if (_end is not null && last > 0 && index * 2 > last)
            frame = SyntheticCompositor.Blend(frame, _end, (2f * index - last) / last);
        return frame;
    }

    private void PaintDisc(byte[] frame, int index)
    {
        var (width, height) = (_spec.Width, _spec.Height);
        var frames = Math.Max(1, _spec.VideoFrames - 1);
        var cx = (int)((long)index * (width + 2 * _discRadius) / frames) - _discRadius;
        var r2 = _discRadius * _discRadius;
        for (var y = Math.Max(0, _discY - _discRadius); y < Math.Min(height, _discY + _discRadius); y++)
        {
            for (var x = Math.Max(0, cx - _discRadius); x < Math.Min(width, cx + _discRadius); x++)
            {
                var (dx, dy) = (x - cx, y - _discY);
                if (dx * dx + dy * dy > r2)
                    continue;
                var o = (y * width + x) * Channels;
                frame[o] = 250;
                frame[o + 1] = 240;
                frame[o + 2] = (byte)(120 + index * 4 % 120);
            }
        }
    }

    /// <summary>What a real sampler is sensitive to; size is left out like the image key (the painter is relative).</summary>
    public static ulong KeyFor(VideoGenerationSpec spec)
    {
        var hash = 0x5D5D_0002UL;
        hash = SyntheticImageKey.Add(hash, spec.Prompt);
        hash = SyntheticImageKey.Add(hash, spec.NegativePrompt);
        hash = SyntheticImageKey.Add(hash, BitConverter.SingleToUInt32Bits(spec.CfgScale));
        hash = SyntheticImageKey.Add(hash, spec.SamplingMethod ?? "");
        hash = SyntheticImageKey.Add(hash, spec.Scheduler ?? "");
        hash = SyntheticImageKey.Add(hash, (ulong)spec.Steps);
        hash = SyntheticImageKey.Add(hash, (ulong)spec.Seed);
        if (spec.FlowShift is { } shift)
            hash = SyntheticImageKey.Add(SyntheticImageKey.Add(hash, 0xB001), BitConverter.SingleToUInt32Bits(shift));
        foreach (var lora in spec.Loras)
            hash = SyntheticImageKey.Add(SyntheticImageKey.Add(hash, lora.Path), BitConverter.SingleToUInt32Bits(lora.Multiplier));
        return hash;
    }
}
