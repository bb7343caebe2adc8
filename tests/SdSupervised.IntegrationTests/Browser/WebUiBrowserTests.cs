using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SdSupervised.IntegrationTests.Api.Generate;
using SdSupervised.IntegrationTests.Auth;
using SdSupervised.IntegrationTests.Infrastructure;
using SkiaSharp;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SdSupervised.IntegrationTests.Browser;

/// <summary>
/// The web UI end to end in headless chromium against a real supervisor with synthetic workers, the UI served the
/// default way (the checkout's build, found from the program's folder). Each test takes its own browser context and,
/// but for the auth test, the class's shared supervisor, so each looks for its own jobs, never at counts.
/// Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class WebUiBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private bool _ended;

    static WebUiBrowserTests() => SetDefaultExpectTimeout(30_000);

    /// <summary>A page whose console errors and failed requests go to the test's output, for the failure's story.</summary>
    private async Task<IPage> PageAsync(SupervisorProcess sup, int width = 1280, int height = 900)
    {
        var page = await browser.NewPageAsync(sup.BaseAddress, width, height);
        _contexts.Add(page.Context);
        page.Console += (_, m) => { if (m.Type is "error" or "warning") Note($"browser {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => Note($"browser page error: {e}");
        return page;
    }

    // A closing page still reports (its event streams drop); xunit refuses output after the test.
    private void Note(string line)
    {
        if (!_ended) output.WriteLine(line);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _ended = true;
        foreach (var context in _contexts) await context.CloseAsync();
    }

    [BrowserFact]
    public async Task Text2img_from_the_form_shows_the_image_in_the_result_and_in_the_gallery()
    {
        var sup = browser.Supervisor;
        var page = await PageAsync(sup);
        await page.GotoAsync("/");
        Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#prompt", "a lighthouse on a cliff at dusk");
        await page.FillAsync("#f-width", "64");
        await page.FillAsync("#f-height", "64");
        await page.FillAsync("#f-steps", "4");
        await page.ClickAsync("button[type=submit]");
        var image = page.GetByTestId("result-image");
        await Expect(image).ToBeVisibleAsync();
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("completed");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=result-image]'); return i && i.complete && i.naturalWidth === 64; }");
        await BrowserFixture.ShotAsync(page, "generate");

        var src = await image.GetAttributeAsync("src");
        await page.GetByRole(AriaRole.Link, new() { Name = "Gallery" }).ClickAsync();
        var thumb = page.Locator($"img[data-testid=gallery-image][src^='{src}?thumb']");
        await Expect(thumb).ToBeVisibleAsync();
        await thumb.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("64×64");
        await BrowserFixture.ShotAsync(page, "gallery");
    }

    [BrowserFact]
    public async Task Theme_choice_applies_at_once_and_survives_a_reload()
    {
        var sup = browser.Supervisor;
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/settings");
        var html = page.Locator("html");
        await Expect(html).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dark"));
        await page.GetByRole(AriaRole.Radio, new() { Name = "dark" }).ClickAsync();
        await Expect(html).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dark"));
        await page.ReloadAsync();
        await Expect(html).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dark"));
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "dark" })).ToHaveAttributeAsync("aria-checked", "true");
        await BrowserFixture.ShotAsync(page, "settings-dark");
        await page.GetByRole(AriaRole.Radio, new() { Name = "light" }).ClickAsync();
        await page.ReloadAsync();
        await Expect(html).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dark"));
    }

    [BrowserFact]
    public async Task Cancel_in_the_result_view_stops_a_running_job()
    {
        var sup = browser.Supervisor;
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/");
        await page.FillAsync("#prompt", "a long one");
        await page.FillAsync("#f-width", "64");
        await page.FillAsync("#f-height", "64");
        await page.FillAsync("#f-steps", "150");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("cancelled");
    }

    [BrowserFact]
    public async Task Killed_busy_worker_card_goes_restarting_then_idle_while_the_job_finishes_on_attempt_2()
    {
        var sup = browser.Supervisor;
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/workers");
        await Expect(page.GetByTestId("worker-w0").GetByTestId("worker-state")).ToHaveTextAsync("idle");
        await Expect(page.GetByTestId("worker-w1").GetByTestId("worker-state")).ToHaveTextAsync("idle");
        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 40 });
        var busy = await sup.Api.WaitForWorkerRunningAsync(jobId, Timeouts.Soon);
        Assert.True(Posix.Kill(busy.Pid!.Value, Posix.SIGKILL), $"could not kill worker pid {busy.Pid}");

        var card = page.GetByTestId($"worker-{busy.Id}");
        await Expect(card.GetByTestId("worker-trail")).ToContainTextAsync("restarting");
        await Expect(card.GetByTestId("worker-state")).ToHaveTextAsync("idle");
        await Expect(card.GetByTestId("worker-restarts")).ToHaveTextAsync($"{(busy.Restarts ?? 0) + 1}");
        var job = await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);
        sup.Expect(job.Attempts == 2, "the job finished on its second attempt", job);
        await Expect(card).ToContainTextAsync("last failure: killed");
        await BrowserFixture.ShotAsync(page, "workers");
    }

    [BrowserFact]
    public async Task Painted_mask_is_sent_exactly_as_painted_and_the_inpainting_job_completes()
    {
        var sup = browser.Supervisor;
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/");
        await page.GetByRole(AriaRole.Tab, new() { Name = "inpainting" }).ClickAsync();
        await page.GetByLabel("Source image file").SetInputFilesAsync(new FilePayload { Name = "source.png", MimeType = "image/png", Buffer = TestImages.Gradient(64, 64) });
        var canvas = page.GetByTestId("mask-canvas");
        await Expect(canvas).ToBeVisibleAsync();
        // The mouse paints in viewport coordinates: bring the canvas on screen first, as a user scrolls to it.
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = (await canvas.BoundingBoxAsync())!;
        // A horizontal stroke across the middle, from a quarter to three quarters of the width (brush radius 4 image pixels).
        await page.Mouse.MoveAsync(box.X + box.Width * 0.25f, box.Y + box.Height * 0.5f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.75f, box.Y + box.Height * 0.5f, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.FillAsync("#prompt", "a red door");
        await page.FillAsync("#f-steps", "4");
        await BrowserFixture.ShotAsync(page, "inpainting");

        var request = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button[type=submit]"),
            r => r.Url.Contains("/api/generate/inpainting", StringComparison.Ordinal));
        var body = JsonNode.Parse(request.PostData!)!;
        var dataUrl = body["mask_image"]!.GetValue<string>();
        Assert.StartsWith("data:image/png;base64,", dataUrl, StringComparison.Ordinal);
        using var mask = SKBitmap.Decode(Convert.FromBase64String(dataUrl["data:image/png;base64,".Length..]));
        Assert.Equal((64, 64), (mask.Width, mask.Height));
        bool White(int x, int y) => mask.GetPixel(x, y) == SKColors.White;
        bool Black(int x, int y) => mask.GetPixel(x, y) == SKColors.Black;
        foreach (var x in new[] { 17, 24, 32, 40, 47 })
            Assert.True(White(x, 32), $"({x},32) lies on the stroke and must be white");
        foreach (var (x, y) in new[] { (32, 20), (32, 44), (8, 32), (56, 32), (0, 0), (63, 63) })
            Assert.True(Black(x, y), $"({x},{y}) lies off the stroke and must be black");
        Assert.All(Enumerable.Range(0, 64 * 64), i => Assert.True(White(i % 64, i / 64) || Black(i % 64, i / 64), "the mask is pure black and white"));

        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("result-image")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Two_selected_gallery_images_download_as_one_zip()
    {
        var sup = browser.Supervisor;
        var jobs = new List<JobSnapshot>();
        foreach (var seed in new[] { 1, 2 })
            jobs.Add(await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2, Seed = seed }), Timeouts.Job));
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/gallery");
        foreach (var job in jobs)
            await page.GetByLabel($"Select {job.Id}/{job.Outputs[0].Filename}").CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download ZIP" }).ClickAsync());
        var path = await download.PathAsync();
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(jobs.Select(j => $"{j.Id}/{j.Outputs[0].Filename}").Order(), zip.Entries.Select(e => e.FullName).Order());
    }

    [BrowserFact]
    public async Task Models_page_refreshes_then_loads_and_unloads_a_model_on_a_worker()
    {
        var sup = browser.Supervisor;
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/models");
        await Expect(page.GetByText("No models found")).ToBeVisibleAsync();
        Models.HeaderOnlyModels.Write(Path.Combine(sup.DataDir, "models", "checkpoints", "alpha.safetensors"), Models.HeaderOnlyModels.Sd15());
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var card = page.GetByTestId("model-checkpoints--alpha.safetensors");
        await Expect(card).ToContainTextAsync("requirements met");
        await page.GetByLabel("Worker for load and unload").SelectOptionAsync("w1");
        await card.GetByRole(AriaRole.Button, new() { Name = "Load", Exact = true }).ClickAsync();
        await Expect(card.GetByTestId("model-loaded-on")).ToHaveTextAsync("loaded on: w1");
        var status = await sup.Api.GetStatusAsync();
        sup.Expect(status.Node.Arr("workers")!.First(w => w.Str("id") == "w1").Str("model") == "checkpoints--alpha.safetensors", $"w1 holds the model\n{status}");
        await BrowserFixture.ShotAsync(page, "models");
        await card.GetByRole(AriaRole.Button, new() { Name = "Unload", Exact = true }).ClickAsync();
        await Expect(card.GetByTestId("model-loaded-on")).ToHaveTextAsync("loaded on: none");
    }

    [BrowserFact]
    public async Task Models_page_hashes_validates_and_follows_a_conversion_job_to_its_end()
    {
        // Its own supervisor: the model file added here, which the shared one's Models test must not see.
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1 });
        var file = Path.Combine(sup.DataDir, "models", "checkpoints", "beta.safetensors");
        Models.HeaderOnlyModels.Write(file, Models.HeaderOnlyModels.Sd15());
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/models");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        var card = page.GetByTestId("model-checkpoints--beta.safetensors");
        await Expect(card).ToBeVisibleAsync();

        await card.GetByRole(AriaRole.Button, new() { Name = "Hash" }).ClickAsync();
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file)));
        await Expect(card.GetByTestId("model-hash")).ToContainTextAsync($"sha256 {sha256}");

        await card.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(card.GetByTestId("model-checks")).ToContainTextAsync("valid");

        await card.Locator("select[aria-label^='Quantization for']").SelectOptionAsync("q8_0");
        await card.GetByRole(AriaRole.Button, new() { Name = "Convert" }).ClickAsync();
        // The synthetic engine refuses conversions cleanly: the card follows the job to its end and shows why.
        await Expect(card.GetByTestId("convert-status")).ToHaveTextAsync("failed");
        await Expect(card.GetByTestId("model-convert")).ToContainTextAsync("generation_failed: ");
        await Expect(card.GetByTestId("model-convert")).ToContainTextAsync("not supported by the synthetic engine");
        await BrowserFixture.ShotAsync(page, "models-convert");
    }

    [BrowserFact]
    public async Task Gallery_lightbox_shows_the_parameters_the_png_carries()
    {
        var sup = browser.Supervisor;
        var prompt = $"a tin robot {Guid.NewGuid():N}";
        await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = prompt, Steps = 3 }), Timeouts.Job);
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/gallery");
        await page.GetByTestId("gallery-image").First.ClickAsync();
        var info = page.GetByTestId("png-info-text");
        await Expect(info).ToContainTextAsync(prompt);
        await Expect(info).ToContainTextAsync("Steps: 3");
        await BrowserFixture.ShotAsync(page, "gallery-lightbox");
    }

    [BrowserFact]
    public async Task Video_tab_generates_a_wan_video_that_plays_in_the_result()
    {
        if (!Packaging.Tools.OnPath("ffmpeg"))
            throw new InvalidOperationException("ffmpeg is missing (Debian: apt-get install ffmpeg); scripts/test installs it");
        // Its own supervisor: the Wan files would change the shared one's catalog.
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 20 });
        Video.VideoSupervisor.WriteModels(Path.Combine(sup.DataDir, "models"));
        var refresh = await sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        sup.Expect(refresh.Code == 200, $"refresh should scan the Wan files\n{refresh}");
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/");
        await page.GetByRole(AriaRole.Tab, new() { Name = "video" }).ClickAsync();
        // Picking a model applies its recommended size and steps when its details arrive: fill the form after that.
        await page.RunAndWaitForResponseAsync(() => page.SelectOptionAsync("#model", $"diffusion_models--{Video.VideoSupervisor.T2V}.safetensors"),
            r => r.Url.Contains("/api/models/", StringComparison.Ordinal));
        await Expect(page.Locator("#f-cfg_scale")).Not.ToHaveValueAsync("");
        await page.FillAsync("#prompt", "waves on a pebble beach");
        foreach (var (field, value) in new[] { ("width", "64"), ("height", "64"), ("video_frames", "5"), ("fps", "8"), ("steps", "3") })
            await page.FillAsync($"#f-{field}", value);

        var request = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("button[type=submit]"),
            r => r.Url.EndsWith("/api/generate/video", StringComparison.Ordinal));
        var body = JsonNode.Parse(request.PostData!)!;
        Assert.Equal((5, 64, 64), (body["video_frames"]!.GetValue<int>(), body["width"]!.GetValue<int>(), body["height"]!.GetValue<int>()));
        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("completed");
        var video = page.GetByTestId("result-video");
        await Expect(video).ToBeVisibleAsync();
        // The browser itself decodes the MP4: its duration is the frames at the fps asked for.
        var duration = await video.EvaluateAsync<double>("v => new Promise(r => v.readyState >= 1 ? r(v.duration) : v.addEventListener('loadedmetadata', () => r(v.duration)))");
        Assert.InRange(duration, 0.5, 0.75);
        Assert.Equal(0, await page.GetByTestId("result-image").CountAsync()); // the poster frame is the video's, not a second result
        Assert.EndsWith("/video.png", await video.GetAttributeAsync("poster") ?? "", StringComparison.Ordinal);
        await BrowserFixture.ShotAsync(page, "video");
    }

    [BrowserFact]
    public async Task Login_and_logout_with_auth_on()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, ExtraArgs = ["--auth", "jwt"] }
            .WithEnv("SDS__Auth__BootstrapAdmin", "root:root-password-1"));
        var added = await SupervisorCli.RunAsync(sup.DataDir, "carol-password-1", "users", "add", "carol", "--role", "user");
        sup.Expect(added.ExitCode == 0, $"users add carol\n{added}");
        var page = await PageAsync(sup);
        await page.GotoAsync("/ui/queue");
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.FillAsync("#username", "carol");
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("form[aria-label='Log in'] button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await BrowserFixture.ShotAsync(page, "login");
        await page.FillAsync("#password", "carol-password-1");
        await page.ClickAsync("form[aria-label='Log in'] button[type=submit]");
        await Expect(page.GetByTestId("whoami")).ToHaveTextAsync("carol (user)");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "History" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Every_page_fits_a_375_px_screen_without_sideways_scrolling()
    {
        var sup = browser.Supervisor;
        await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
        var page = await PageAsync(sup, width: 375, height: 812);
        foreach (var (route, ready) in new[] { ("/ui/", "#prompt"), ("/ui/queue", "[aria-label=History]"), ("/ui/gallery", "[data-testid=gallery-image]"),
                     ("/ui/models", "main"), ("/ui/workers", "[data-testid=worker-w0]"), ("/ui/settings", "[role=radiogroup]") })
        {
            await page.GotoAsync(route);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 375, $"{route} is {width} px wide at a 375 px viewport");
            await BrowserFixture.ShotAsync(page, "mobile-" + (route.Trim('/').Replace("ui", "").Trim('/') is { Length: > 0 } n ? n : "generate"));
        }
    }

    /// <summary>
    /// Every visible control on every page has a name a screen reader can say (label, aria-label, aria-labelledby,
    /// title, or its own text), every mode of Generate included, and focus is drawn where the keyboard is.
    /// </summary>
    [BrowserFact]
    public async Task Every_control_on_every_page_has_an_accessible_name_and_a_visible_focus()
    {
        var sup = browser.Supervisor;
        await sup.Api.WaitForCompletedAsync(await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 2 }), Timeouts.Job);
        var page = await PageAsync(sup);
        var unnamed = new List<string>();
        async Task AuditAsync(string where) =>
            unnamed.AddRange((await page.EvaluateAsync<string[]>(UnnamedControlsScript)).Select(c => $"{where}: {c}"));

        await page.GotoAsync("/ui/");
        await Expect(page.Locator("#prompt")).ToBeVisibleAsync();
        foreach (var tab in await page.GetByRole(AriaRole.Tab).AllInnerTextsAsync())
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab.Trim() }).ClickAsync();
            await AuditAsync($"generate/{tab.Trim()}");
        }
        foreach (var (route, ready) in new[] { ("/ui/queue", "[aria-label=History]"), ("/ui/gallery", "[data-testid=gallery-image]"),
                     ("/ui/models", "main"), ("/ui/workers", "[data-testid=worker-w0]"), ("/ui/settings", "[role=radiogroup]") })
        {
            await page.GotoAsync(route);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await AuditAsync(route);
        }
        Assert.True(unnamed.Count == 0, "controls without an accessible name:\n" + string.Join("\n", unnamed));

        // Tab from the top of Generate: the first stops are the page's links, each with a focus ring drawn.
        await page.GotoAsync("/ui/");
        await Expect(page.Locator("#prompt")).ToBeVisibleAsync();
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; const s = getComputedStyle(e); return e === document.body ? 'body' : `${e.tagName}|${s.outlineStyle}|${s.boxShadow}`; }");
            Assert.NotEqual("body", focus);
            var parts = focus.Split('|');
            Assert.True(parts[1] != "none" || parts[2] != "none", $"tab stop {i + 1} ({parts[0]}) shows no focus ring: {focus}");
        }
    }

    /// <summary>The visible inputs, selects, textareas and buttons with no accessible name, described for the failure message.</summary>
    private const string UnnamedControlsScript = """
        () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, [role=tab], [role=radio], a[href]')]
          .filter(e => e.offsetParent !== null || e.getClientRects().length > 0)
          .filter(e => {
            const text = (e.getAttribute('aria-label') || e.getAttribute('title') || '').trim();
            if (text) return false;
            const by = e.getAttribute('aria-labelledby');
            if (by && by.split(/\s+/).some(id => document.getElementById(id)?.textContent.trim())) return false;
            if (e.labels && [...e.labels].some(l => l.textContent.trim())) return false;
            if (['BUTTON', 'A'].includes(e.tagName) || ['tab', 'radio'].includes(e.getAttribute('role'))) return !e.textContent.trim();
            if (e.tagName === 'INPUT' && ['submit', 'button'].includes(e.type)) return !e.value;
            return true;
          })
          .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.name ? '[name=' + e.name + ']' : ''}${e.type ? '[type=' + e.type + ']' : ''}`)
        """;
}
