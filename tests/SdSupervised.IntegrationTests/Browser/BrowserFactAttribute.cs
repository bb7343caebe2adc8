using SdSupervised.IntegrationTests.Packaging;

namespace SdSupervised.IntegrationTests.Browser;

/// <summary>A browser test: skipped, with the reason, without Debian's chromium or without a web UI build.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public static string UiBuild => Path.Combine(RepositoryRoot.Locate(), "Supervisor", "WebUi", "dist");

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"{Chromium} not found (Debian: apt-get install chromium; scripts/test installs it as root); the browser tests did not run";
        else if (!File.Exists(Path.Combine(UiBuild, "index.html")))
            Skip = $"the web UI is not built in {UiBuild} (needs node and npm; scripts/test builds it); the browser tests did not run";
    }
}
