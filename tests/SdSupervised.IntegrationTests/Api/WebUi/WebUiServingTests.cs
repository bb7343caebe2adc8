using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.WebUi;

/// <summary>
/// <c>/ui/</c> over real HTTP from a build given with <c>--ui-dir</c> (a small fake build, so the test does not need node):
/// cache headers, the app for client routes, 404 for missing files, the <c>/</c> redirect for browsers only.
/// </summary>
public sealed class WebUiServingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _build = Directory.CreateTempSubdirectory("sds-ui-").FullName;

    [Fact]
    public async Task Ui_dir_build_is_served_with_immutable_assets_uncached_index_and_the_app_for_client_routes()
    {
        Directory.CreateDirectory(Path.Combine(_build, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_build, "index.html"), "<!doctype html><title>other build</title><div id=root></div>");
        await File.WriteAllTextAsync(Path.Combine(_build, "assets", "index-Ab12Cd34.js"), "console.log('app')");
        await File.WriteAllTextAsync(Path.Combine(_build, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { ExtraArgs = ["--ui-dir", _build] });

        var index = await sup.Api.GetAsync("/ui/");
        sup.Expect(index.Code == 200 && index.Text.Contains("other build") && index.ContentType!.StartsWith("text/html")
                   && index.Header("Cache-Control") == "no-cache", $"/ui/ is the --ui-dir build's index.html, not cached\n{index}");
        var asset = await sup.Api.GetAsync("/ui/assets/index-Ab12Cd34.js");
        sup.Expect(asset.Code == 200 && asset.Text == "console.log('app')" && asset.ContentType!.Contains("javascript")
                   && asset.Header("Cache-Control") == "public, max-age=31536000, immutable", $"a hashed asset is cached for a year, immutable\n{asset}");
        var icon = await sup.Api.GetAsync("/ui/favicon.svg");
        sup.Expect(icon.Code == 200 && icon.ContentType == "image/svg+xml" && icon.Header("Cache-Control") == "no-cache",
            $"an unhashed file is served but revalidated\n{icon}");
        foreach (var route in new[] { "/ui/gallery", "/ui/queue/history", "/ui/models" })
        {
            var page = await sup.Api.GetAsync(route);
            sup.Expect(page.Code == 200 && page.Text.Contains("other build") && page.Header("Cache-Control") == "no-cache",
                $"the client route {route} answers the app's index.html\n{page}");
        }
        foreach (var missing in new[] { "/ui/assets/index-Gone0000.js", "/ui/missing.css", "/ui/..%2f..%2fetc%2fpasswd" })
            ErrorBody.Assert4xx(await sup.Api.GetAsync(missing), $"GET {missing}: a missing file is a JSON 404, never the app", 404);
        var bare = await RawGetAsync(sup, "/ui", accept: "text/html");
        sup.Expect((int)bare.StatusCode is 301 or 308 && bare.Headers.Location?.ToString() == "/ui/", $"/ui redirects to /ui/: {bare.StatusCode} {bare.Headers.Location}");
    }

    [Fact]
    public async Task Root_redirects_browsers_to_the_ui_and_keeps_the_json_index_for_api_clients()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { ExtraArgs = ["--ui-dir", _build] });
        var browser = await RawGetAsync(sup, "/", accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        sup.Expect((int)browser.StatusCode == 302 && browser.Headers.Location?.ToString() == "/ui/",
            $"a browser asking / is sent to /ui/: {(int)browser.StatusCode} {browser.Headers.Location}");
        foreach (var accept in new[] { "application/json", "*/*", "" })
        {
            var api = await RawGetAsync(sup, "/", accept);
            var body = await api.Content.ReadAsStringAsync();
            sup.Expect((int)api.StatusCode == 200 && body.Contains("\"openapi\""), $"an API client (Accept '{accept}') keeps the JSON index: {(int)api.StatusCode} {body}");
        }
    }

    [Fact]
    public async Task Ui_without_a_build_says_it_is_not_built_as_json_and_as_html()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { ExtraArgs = ["--ui-dir", Path.Combine(_build, "nothing-here")] });
        var json = await sup.Api.GetAsync("/ui/");
        ErrorBody.Assert4xx(json, "/ui/ without a build", 404);
        sup.Expect(json.Json.Str("error") == "ui_not_built" && json.Json.Str("message")!.Contains("--ui-dir"), $"the JSON says the UI is not built and how to fix it\n{json}");
        var html = await RawGetAsync(sup, "/ui/generate", accept: "text/html");
        var page = await html.Content.ReadAsStringAsync();
        sup.Expect((int)html.StatusCode == 404 && html.Content.Headers.ContentType?.MediaType == "text/html" && page.Contains("Web UI not built")
                   && page.Contains("nothing-here"), $"a browser gets an HTML page naming where it looked: {page}");
        var status = await sup.Api.GetAsync("/api/status");
        sup.Expect(status.Code == 200, "the API runs without the UI");
    }

    private static async Task<HttpResponseMessage> RawGetAsync(SupervisorProcess sup, string path, string accept)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sup.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept.Length > 0) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public void Dispose() => Directory.Delete(_build, recursive: true);
}
