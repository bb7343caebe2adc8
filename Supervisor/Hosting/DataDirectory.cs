namespace SdSupervised.Supervisor.Hosting;

/// <summary>Creates the data directory and proves it is writable before anything opens files in it, so a bad path is one clear line.</summary>
public static class DataDirectory
{
    /// <summary>Returns null when usable, otherwise what is wrong and what to do.</summary>
    public static string? Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"--data-dir '{full}' cannot be created or written ({ex.Message}); choose a writable folder (the service user must own it).";
        }
    }
}
