namespace SdSupervised.Worker.Native;

/// <summary>Outcome of <see cref="NativeLibraryResolver.Resolve"/>: the library found (if any) and every candidate that failed before it.</summary>
public sealed record NativeLibraryResolution(NativeLibraryCandidate? Found, IReadOnlyList<NativeLibraryAttempt> Failed)
{
    /// <summary>The startup error when nothing was found: every path tried, why, and what to do.</summary>
    public string NotFoundReason()
    {
        var tried = Failed.Count == 0
            ? "no candidate paths"
            : string.Join("; ", Failed.Select(a => $"{a.Candidate}: {a.Failure}"));
        return $"{NativeLibraryResolver.LibraryFileName} was not found. Tried: {tried}. " +
               $"Set --native-library or {NativeLibraryResolver.EnvironmentVariable}, or use --engine synthetic";
    }
}
