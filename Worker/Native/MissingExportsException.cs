namespace SdSupervised.Worker.Native;

/// <summary>The file loaded, but it is not the C API this binding was written for (another library, or another version).</summary>
public sealed class MissingExportsException(NativeLibraryCandidate candidate, IReadOnlyList<string> missing)
    : Exception($"{candidate.Path} does not export {string.Join(", ", missing.Take(6))}{(missing.Count > 6 ? $" and {missing.Count - 6} more" : "")}: " +
                $"it is not stable-diffusion.cpp's C API at {SdNative.PinnedVersion} (another library, or an incompatible version)")
{
    public IReadOnlyList<string> Missing { get; } = missing;
}
