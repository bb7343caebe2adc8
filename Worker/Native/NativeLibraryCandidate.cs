namespace SdSupervised.Worker.Native;

/// <summary>
/// One place to look for libstable-diffusion.so. <see cref="Source"/> says where the path came from
/// (for the error text); a <see cref="SystemLoader"/> candidate is a bare name handed to dlopen's own search.
/// </summary>
public sealed record NativeLibraryCandidate(string Path, string Source, bool SystemLoader = false)
{
    public override string ToString() => SystemLoader ? $"{Path} via the system loader" : $"{Path} ({Source})";
}
