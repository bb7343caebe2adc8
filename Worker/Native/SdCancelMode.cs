namespace SdSupervised.Worker.Native;

/// <summary><c>enum sd_cancel_mode_t</c>.</summary>
public enum SdCancelMode
{
    /// <summary>Stop the current generation as soon as possible.</summary>
    All = 0,
    /// <summary>Finish the current image, skip the rest of the batch.</summary>
    NewLatents = 1,
    /// <summary>Clear a pending request (the library does this itself when generate_image starts).</summary>
    Reset = 2,
}
