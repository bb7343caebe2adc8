namespace SdSupervised.IntegrationTests.Packaging;

public static class Tools
{
    /// <summary>True when an executable of that name is on PATH.</summary>
    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .Any(path => File.Exists(path) && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0);
}
