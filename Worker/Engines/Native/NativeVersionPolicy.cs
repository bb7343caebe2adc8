using SdSupervised.Worker.Native;

namespace SdSupervised.Worker.Engines.Native;

/// <summary>
/// The binding's structs are the pinned tag's layout; another version of the library may have moved a field,
/// and a shifted struct is silent memory corruption, not an error. So a library that does not say it is the
/// pinned tag is refused, unless the operator overrides (<c>--allow-unpinned-native</c> or
/// <c>SDS_ALLOW_UNPINNED_NATIVE=1</c>), e.g. for their own build of exactly that tag, which reports "unknown".
/// </summary>
public static class NativeVersionPolicy
{
    public const string AllowUnpinnedFlag = "--allow-unpinned-native";
    public const string AllowUnpinnedEnvironmentVariable = "SDS_ALLOW_UNPINNED_NATIVE";

    /// <summary>The library is the pinned tag: its version says so, or its commit is a prefix of the pinned commit.</summary>
    public static bool IsPinned(string version, string commit)
    {
        if (version.Trim() == SdNative.PinnedVersion)
            return true;
        var c = commit.Trim().ToLowerInvariant();
        return c.Length >= 7 && SdNative.PinnedCommit.StartsWith(c, StringComparison.Ordinal);
    }

    /// <summary>Null when the library may be used; otherwise the startup error. <paramref name="warning"/> is set when an override let an unpinned library through.</summary>
    public static string? Check(string version, string commit, bool allowUnpinned, out string? warning)
    {
        warning = null;
        if (IsPinned(version, commit))
            return null;

        var what = $"the native library reports version '{version}', commit '{commit}'";
        if (allowUnpinned)
        {
            warning = $"{what}, not {SdNative.PinnedVersion}; using it anyway because of {AllowUnpinnedFlag}. " +
                      "If its structs differ from the pinned tag's, generations will misbehave or crash";
            return null;
        }

        var why = version.Trim() is "" or "unknown"
            ? "it was built without its version set (a build from a source export, not from a git checkout of the tag). "
            : $"this worker's binding is for {SdNative.PinnedVersion}, and another version may lay out its structs differently. ";
        return $"{what}; {why}Use the pinned release ({SdNative.PinnedVersion}), or, if it is a build of exactly that tag, " +
               $"start the worker with {AllowUnpinnedFlag} (or set {AllowUnpinnedEnvironmentVariable}=1 for the supervisor)";
    }
}
