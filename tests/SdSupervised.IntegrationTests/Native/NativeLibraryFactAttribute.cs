namespace SdSupervised.IntegrationTests.Native;

/// <summary>
/// A test that needs the real libstable-diffusion.so: it runs only when <c>SDS_NATIVE_LIBRARY</c> names one,
/// and otherwise shows as skipped with the reason, never as passed.
/// </summary>
public sealed class NativeLibraryFactAttribute : FactAttribute
{
    public const string Variable = "SDS_NATIVE_LIBRARY";

    public NativeLibraryFactAttribute()
    {
        if (SkipReason() is { } reason)
            Skip = reason;
    }

    /// <summary>The library to test, or null (then every native test is skipped).</summary>
    public static string? LibraryPath =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path && File.Exists(path) ? Path.GetFullPath(path) : null;

    public static string? SkipReason() => Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" => $"{Variable} is not set: real-library tests need a libstable-diffusion.so built from stable-diffusion.cpp master-827-97d2990 (CPU build is enough)",
        var path when !File.Exists(path) => $"{Variable}={path} does not exist",
        _ => null,
    };
}
