using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>Behind a known reverse proxy (<c>Sds:Http:KnownProxies</c>), and per-principal request limits.</summary>
public sealed class ProxyAndLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private SupervisorProcess _sup = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 10, ExtraArgs = ["--auth", "api-key"] }
            .WithEnv("SDS__Http__KnownProxies__0", "127.0.0.1")
            .WithEnv("SDS__Auth__RequestsPerMinute", 5));
        _admin = await SupervisorCli.CreateKeyAsync(_sup.DataDir, "root", "admin");
    }

    public async Task DisposeAsync() => await _sup.DisposeAsync();

    [Fact]
    public async Task Image_urls_use_the_scheme_and_host_a_known_proxy_forwards()
    {
        using var admin = _sup.Api.WithBearer(_admin);
        var response = await admin.SendAsync(HttpMethod.Post, "/v1/images/generations", Json.Serialize(new { prompt = "x", size = "64x64", response_format = "url" }),
            "application/json", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "images.example"));
        var url = response.Json?["data"]?[0].Str("url");
        _sup.Expect(response.Code == 200 && url?.StartsWith("https://images.example/", StringComparison.Ordinal) == true, $"the URL is the proxy's\n{response}");
    }

    [Fact]
    public async Task A_principal_over_its_requests_per_minute_gets_429_with_retry_after()
    {
        var key = await SupervisorCli.CreateKeyAsync(_sup.DataDir, "busy", "user");
        using var busy = _sup.Api.WithBearer(key);
        ApiResponse last = null!;
        for (var i = 0; i < 6; i++) last = await busy.GetAsync("/api/auth/me");
        _sup.Expect(last.Code == 429 && last.Header("Retry-After") is { Length: > 0 } && last.Json.Str("error") == "too_many_requests",
            $"the sixth request in a minute is refused\n{last}");
        var status = await _sup.Api.GetAsync("/api/status");
        _sup.Expect(status.Code == 200, "anonymous callers of public routes are not that principal");
    }
}
