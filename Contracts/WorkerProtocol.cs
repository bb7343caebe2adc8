namespace SdSupervised.Contracts;

/// <summary>Protocol constants shared by both ends of the pipe.</summary>
public static class WorkerProtocol
{
    /// <summary>Bumped on any incompatible change to <see cref="IWorkerRpc"/> or its DTOs.</summary>
    /// <remarks>2: upscale and convert calls; img2img, inpainting, ControlNet, LoRA and guidance members. 3: video generation. Additive members (an older peer ignores them, so no bump): reference images, PhotoMaker and canny in <see cref="ImageGenerationSpec"/>.</remarks>
    public const int Version = 3;

    /// <summary>Exit code of a worker that refused its command line or could not start its engine (before the handshake).</summary>
    public const int StartupFailureExitCode = 2;

    /// <summary>Exit code of the injected <c>exit</c> fault.</summary>
    public const int InjectedExitCode = 3;

    /// <summary>Prefix of the one stderr line a worker writes to say why it could not start; the supervisor shows the rest of the line as the reason.</summary>
    public const string StartupErrorPrefix = "SDS-STARTUP-ERROR: ";
}
