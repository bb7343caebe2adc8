using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>How the native engine drives the library; built from the worker's options and the device it was given.</summary>
public sealed record NativeEngineOptions
{
    /// <summary>Default ESRGAN tile edge: sd-cli's <c>--upscale-tile-size</c> default (the C API has no init function for it).</summary>
    public const int DefaultUpscaleTileSize = 128;

    /// <summary>
    /// Runtime backend for every module (<c>cuda0</c>, <c>cpu</c>), or null for the library's own choice.
    /// See <see cref="NativeDeviceSelector"/>.
    /// </summary>
    public string? Backend { get; init; }

    /// <summary>
    /// Load all weights in <c>new_sd_ctx</c>. On by default: with the library's lazy loading a truncated
    /// file passes the load and then aborts the process inside generate_image; eagerly it fails the load cleanly.
    /// </summary>
    public bool EagerLoad { get; init; } = true;

    /// <summary>Library log lines below this level are not relayed to stderr (debug lines are many and rarely useful).</summary>
    public SdLogLevel MinimumLogLevel { get; init; } = SdLogLevel.Info;
}
