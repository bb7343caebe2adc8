using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// Maps a <see cref="CancellationToken"/> onto <c>sd_cancel_generation(ctx, SD_CANCEL_ALL)</c> for one
/// generate_image call. The library clears its flag when generate_image starts, so a cancel that lands just
/// before (or while the call is being entered) would be lost. Once requested, the cancel is therefore issued
/// again on every callback the call makes and every <see cref="ReissueInterval"/> until the call returns:
/// every issue after the library's reset sticks. After <see cref="Complete"/> nothing touches the context any
/// more, so the engine may free it.
/// </summary>
public sealed class NativeCancellation : IDisposable
{
    public static readonly TimeSpan ReissueInterval = TimeSpan.FromMilliseconds(20);

    private readonly ISdLibrary _library;
    private readonly nint _context;
    private readonly object _gate = new();
    private readonly CancellationTokenRegistration _registration;
    private bool _requested;
    private bool _completed;
    private Timer? _timer;

    public NativeCancellation(ISdLibrary library, nint context, CancellationToken token)
    {
        _library = library;
        _context = context;
        _registration = token.Register(Request);
    }

    public bool Requested
    {
        get { lock (_gate) return _requested; }
    }

    /// <summary>Called from every library callback during the call (on the native thread).</summary>
    public void OnNativeCallback()
    {
        lock (_gate)
        {
            if (_requested && !_completed)
                _library.Cancel(_context, SdCancelMode.All);
        }
    }

    /// <summary>The native call returned: stop re-issuing. Blocks a concurrent issue from finishing first.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _timer?.Dispose();
            _timer = null;
        }
        _registration.Dispose();
    }

    public void Dispose() => Complete();

    private void Request()
    {
        lock (_gate)
        {
            if (_completed || _requested)
                return;
            _requested = true;
            _library.Cancel(_context, SdCancelMode.All);
            _timer = new Timer(_ => OnNativeCallback(), null, ReissueInterval, ReissueInterval);
        }
    }
}
