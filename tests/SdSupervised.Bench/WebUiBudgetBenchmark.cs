using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SdSupervised.Bench;

/// <summary>
/// Figure (i): the web UI's budget. The initial JavaScript (every script and modulepreload <c>/ui/</c>'s index.html
/// names, gzipped at the smallest level a server would use) against 300 KB, and, in Debian's headless chromium over
/// loopback, the first contentful paint and the time until the Generate form is usable, each load in a fresh browser
/// context (a cold cache), against 1 s. Skipped with its reason when chromium or the UI build is missing.
/// </summary>
public sealed partial class WebUiBudgetBenchmark : IBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const double BudgetKb = 300;
    private const double PaintGoalMs = 1000;

    public char Figure => 'i';
    public string Title => "(i) web UI: initial JavaScript gzipped, first paint and a usable form from loopback";

    public async Task<IReadOnlyList<SummaryLine>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using var supervisor = await SupervisorProcess.StartAsync(new SupervisorLaunch("ui", 1, 10), cancellationToken);
        using var http = SupervisorProcess.CreateHttpClient(supervisor.BaseAddress, maxConnections: 4);
        using var index = await http.GetAsync("ui/", cancellationToken);
        var html = await index.Content.ReadAsStringAsync(cancellationToken);
        if (!index.IsSuccessStatusCode || !html.Contains("<script", StringComparison.Ordinal))
        {
            Console.WriteLine($"  skipped: /ui/ answered {(int)index.StatusCode} without the app (build it with scripts/run or scripts/test, which run npm ci and the build)");
            return [new SummaryLine("(i) web UI", "skipped: the UI is not built", $"< {BudgetKb} KB, < {PaintGoalMs} ms")];
        }

        long raw = 0, gzipped = 0;
        var scripts = InitialScripts().Matches(html).Select(m => m.Groups["src"].Value).Distinct().ToList();
        foreach (var src in scripts)
        {
            var bytes = await http.GetByteArrayAsync(src.TrimStart('/'), cancellationToken);
            raw += bytes.Length;
            gzipped += GzippedLength(bytes);
        }
        var kb = gzipped / 1024.0;
        Console.WriteLine($"  initial JavaScript: {scripts.Count} file(s), {raw / 1024.0:0.0} KB raw, {kb:0.0} KB gzipped = {kb / BudgetKb:0.00} of the {BudgetKb} KB budget");

        var lines = new List<SummaryLine>
        {
            new("(i) web UI initial JS", $"{kb:0.0} KB gzipped ({raw / 1024.0:0} KB raw), {kb / BudgetKb:0.00} of budget  [{Verdict.Of(kb < BudgetKb)}]", $"< {BudgetKb} KB gzipped"),
        };
        if (!File.Exists(Chromium))
        {
            Console.WriteLine($"  paint: skipped, {Chromium} is missing (Debian: apt-get install chromium)");
            lines.Add(new SummaryLine("(i) web UI first paint", "skipped: no chromium", $"< {PaintGoalMs} ms"));
            return lines;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
        var loads = context.Quick ? 5 : 15;
        var paints = new List<double>();
        var usable = new List<double>();
        for (var i = 0; i <= loads; i++)
        {
            await using var coldContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = supervisor.BaseAddress.ToString() });
            var tab = await coldContext.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await tab.GotoAsync("/ui/");
            await tab.Locator("#prompt").WaitForAsync();
            var ready = clock.Elapsed.TotalMilliseconds;
            var paint = await tab.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
            if (i == 0) continue; // the first load warms the server's file cache and the JIT: not recorded
            paints.Add(paint);
            usable.Add(ready);
        }
        var fcp = new Percentiles(paints);
        var form = new Percentiles(usable);
        Console.WriteLine($"  {loads} cold loads: first contentful paint p50 {fcp.Median:0} ms, p90 {fcp.At(90):0} ms; Generate form usable p50 {form.Median:0} ms, p90 {form.At(90):0} ms");
        Console.WriteLine($"  = {fcp.Median / PaintGoalMs:0.00} and {form.Median / PaintGoalMs:0.00} of the {PaintGoalMs:0} ms goal (the form waits for /api/parameters)");
        lines.Add(new SummaryLine("(i) web UI first paint",
            $"FCP p50 {fcp.Median:0} ms, form usable p50 {form.Median:0} ms (p90 {form.At(90):0} ms), {form.Median / PaintGoalMs:0.00} of goal  [{Verdict.Of(form.Median < PaintGoalMs)}]",
            $"< {PaintGoalMs:0} ms from loopback"));
        return lines;
    }

    private static long GzippedLength(byte[] bytes)
    {
        using var sink = new MemoryStream();
        using (var gzip = new GZipStream(sink, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(bytes);
        return sink.Length;
    }

    /// <summary>The scripts index.html loads at once: module scripts and modulepreload links.</summary>
    [GeneratedRegex("""(?:<script[^>]*\ssrc="(?<src>[^"]+\.js)"|<link[^>]*rel="modulepreload"[^>]*href="(?<src>[^"]+\.js)")""")]
    private static partial Regex InitialScripts();
}
