using Microsoft.Playwright;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Packaging;

namespace SdSupervised.IntegrationTests.Browser;

/// <summary>
/// One headless Debian chromium for the class, driven by Playwright's own node driver (shipped in its NuGet package);
/// no browser is downloaded. The flags keep it off the network it cannot reach (without them it stalls on start).
/// With one supervisor (two synthetic workers) shared by the tests that need no configuration of their own: starting
/// one per test would take most of the class's time.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }
    public SupervisorProcess Supervisor { get; private set; } = null!;

    /// <summary>Screenshots of each step, kept as test artifacts.</summary>
    public static string Screenshots { get; } = Path.Combine(RepositoryRoot.Locate(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (new BrowserFactAttribute().Skip is not null) return;
        Directory.CreateDirectory(Screenshots);
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 2, StepMs = 40 });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900, string? colorScheme = null)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        if (Supervisor is not null) await Supervisor.DisposeAsync();
    }
}
