using System.Diagnostics;
using SdSupervised.IntegrationTests.Infrastructure;
using static SdSupervised.IntegrationTests.Api.Image.TestPngs;

namespace SdSupervised.IntegrationTests.Api.Image;

/// <summary>
/// Importing images by URL over real HTTP: the SSRF guard refuses the server's own network (and redirects into it),
/// while an allowed test server on 127.0.0.2 shows downloads, sniffing and size limits working.
/// </summary>
public sealed class ImageImportApiTests(ImageImportSupervisor fixture) : IClassFixture<ImageImportSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;
    private LocalImageServer Server => fixture.Server;

    public static TheoryData<string> ForbiddenUrls => new()
    {
        "http://127.0.0.1:{port}/x.png",
        "http://[::1]:{port}/",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/",
        "http://192.168.1.1/a.png",
        "http://localhost:{port}/",              // a DNS name that resolves to loopback
        "http://2130706433:{port}/",             // 127.0.0.1 as one decimal number
        "http://0x7f000001:{port}/",             // ... and in hex
        "http://0.0.0.0:{port}/",                // reaches localhost on Linux
        "http://[::ffff:127.0.0.1]:{port}/",     // IPv4-mapped loopback
        "https://127.0.0.1:{port}/",
        "file:///etc/passwd",
        "ftp://127.0.0.2/a.png",
        "gopher://127.0.0.2:70/",
    };

    [Theory]
    [MemberData(nameof(ForbiddenUrls))]
    public async Task Urls_into_the_servers_own_network_are_refused(string template)
    {
        var url = template.Replace("{port}", Sup.Port.ToString());
        var download = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(url));
        ErrorBody.Assert4xx(download, Sup.Context(), 400);
        Sup.Expect(download.Json.Str("error") == "url_not_allowed", $"{url} should be refused with url_not_allowed\n{download}");
        ErrorBody.AssertNamesField(download, "url", Sup.Context());

        var resize = await Sup.Api.PostAsync("/api/image/resize", new { image = url, width = 8 });
        ErrorBody.Assert4xx(resize, Sup.Context(), 400);
        Sup.Expect(resize.Json.Str("error") == "url_not_allowed", $"{url} as a resize input should be refused the same way\n{resize}");
    }

    [Fact]
    public async Task The_refusal_names_the_address_its_range_and_the_setting_that_allows_it()
    {
        var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString("http://169.254.169.254/latest/meta-data"));
        var message = response.Json.Str("message") ?? "";
        Sup.Expect(response.Code == 400 && message.Contains("169.254.169.254") && message.Contains("169.254.0.0/16")
                   && message.Contains("Sds:ImageImport:AllowedNetworks"),
            $"the message should name the address, the range and Sds:ImageImport:AllowedNetworks\n{response}");
        await WaitForLogAsync(l => l.Contains("Image import from", StringComparison.Ordinal) && l.Contains("169.254.169.254") && l.Contains("url_not_allowed"),
            "a warning naming the refused URL's host and the code");
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_server_to_loopback_is_refused()
    {
        var path = $"/redirect-{Guid.NewGuid():N}";
        Server.Redirect(path, $"http://127.0.0.1:{Sup.Port}/api/health");

        var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(path)));
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        Sup.Expect(response.Json.Str("error") == "url_not_allowed" && response.Text.Contains("127.0.0.1"),
            $"the redirect's target 127.0.0.1 should be refused\n{response}");
        Sup.Expect(Server.Requests.Contains(path), "the allowed server should have been asked first (the first hop is allowed)");
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        var path = $"/to-file-{Guid.NewGuid():N}";
        Server.Redirect(path, "file:///etc/passwd", 301);
        var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(path)));
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        Sup.Expect(response.Json.Str("error") == "url_not_allowed", $"a redirect to file: should be refused\n{response}");
    }

    [Fact]
    public async Task A_real_png_downloads_as_received_even_through_redirects_and_a_wrong_content_type()
    {
        var png = Quadrants(40, 30);
        var id = Guid.NewGuid().ToString("N");
        Server.Serve($"/{id}.png", 200, png, "image/png");
        Server.Serve($"/{id}-mislabelled", 200, png, "text/html");
        Server.Redirect($"/{id}-hop1", Server.Url($"/{id}-hop2"), 307);
        Server.Redirect($"/{id}-hop2", $"/{id}.png"); // relative Location

        foreach (var path in new[] { $"/{id}.png", $"/{id}-mislabelled", $"/{id}-hop1" })
        {
            var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(path)));
            Sup.Expect(response.Code == 200 && response.Json.Int("width") == 40 && response.Json.Int("height") == 30
                       && response.Json.Str("format") == "png" && response.Json.Long("bytes") == png.Length
                       && response.Json.Str("image") == Convert.ToBase64String(png),
                $"{path} should answer 200 with the PNG's bytes as served, 40x30, format png\n{response}");
        }

        var resized = await Sup.Api.PostAsync("/api/image/resize", new { image = Server.Url($"/{id}.png"), width = 20 });
        Sup.Expect(resized.Code == 200 && resized.Json.Int("width") == 20 && resized.Json.Int("height") == 15,
            $"a URL input to resize should download and resize to 20x15\n{resized}");
    }

    [Fact]
    public async Task Html_served_as_an_image_is_invalid_image()
    {
        var path = $"/page-{Guid.NewGuid():N}.png";
        Server.Serve(path, 200, "<!DOCTYPE html><html><body>not an image</body></html>"u8.ToArray(), "image/png");
        var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(path)));
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        Sup.Expect(response.Json.Str("error") == "invalid_image" && response.Text.Contains("HTML"), $"expected invalid_image saying it looks like HTML\n{response}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_upload_limit_is_413_with_or_without_content_length(bool chunked)
    {
        var path = $"/big-{chunked}-{Guid.NewGuid():N}.png";
        var body = new byte[ImageImportSupervisor.MaxUploadBytes * 4];
        Quadrants(8, 8).CopyTo(body, 0);
        Server.Serve(path, 200, body, "image/png", chunked);

        var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(path)));
        ErrorBody.Assert4xx(response, Sup.Context(), 413);
        Sup.Expect(response.Json.Str("error") == "image_too_large" && response.Text.Contains(ImageImportSupervisor.MaxUploadBytes.ToString()),
            $"expected image_too_large naming the limit\n{response}");
    }

    [Fact]
    public async Task Server_errors_too_many_redirects_and_dns_failures_are_422_download_failed()
    {
        var missing = $"/missing-{Guid.NewGuid():N}.png";
        var notFound = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(missing)));
        ErrorBody.Assert4xx(notFound, Sup.Context(), 422);
        Sup.Expect(notFound.Json.Str("error") == "download_failed" && notFound.Text.Contains("404"), $"a 404 should be download_failed naming 404\n{notFound}");

        var loop = $"/loop-{Guid.NewGuid():N}";
        Server.Redirect(loop, loop);
        var redirects = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(loop)));
        ErrorBody.Assert4xx(redirects, Sup.Context(), 422);
        Sup.Expect(redirects.Json.Str("error") == "download_failed" && redirects.Text.Contains("redirects"), $"a redirect loop should stop after MaxRedirects\n{redirects}");

        var dns = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString("http://no-such-host.invalid/a.png"));
        ErrorBody.Assert4xx(dns, Sup.Context(), 422);
        Sup.Expect(dns.Json.Str("error") == "download_failed" && dns.Text.Contains("DNS"), $"an unknown host should be download_failed naming DNS\n{dns}");
    }

    [Fact]
    public async Task A_server_that_stalls_mid_body_hits_the_overall_timeout_as_422()
    {
        var path = $"/stall-{Guid.NewGuid():N}.png";
        Server.Stall(path);
        var response = await Sup.Api.GetAsync("/api/image/download?url=" + Uri.EscapeDataString(Server.Url(path)));
        ErrorBody.Assert4xx(response, Sup.Context(), 422);
        Sup.Expect(response.Json.Str("error") == "download_failed" && response.Text.Contains($"within {ImageImportSupervisor.TimeoutSeconds} s"),
            $"a stalled download should fail naming the timeout (Sds:ImageImport:TimeoutSeconds)\n{response}");
    }

    [Fact]
    public async Task Download_needs_a_url()
    {
        var response = await Sup.Api.GetAsync("/api/image/download");
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        ErrorBody.AssertNamesField(response, "url", Sup.Context());
    }

    private async Task WaitForLogAsync(Func<string, bool> line, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!Sup.Log.Snapshot().Any(line))
        {
            if (clock.Elapsed > Timeouts.Soon) throw Sup.Fail($"the supervisor log never showed {what}");
            await Task.Delay(50);
        }
    }
}
