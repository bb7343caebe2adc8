using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary><c>--auth optional</c>: guests use the API within the guest limits; credentials lift them.</summary>
public sealed class OptionalAuthTests(ITestOutputHelper output) : IAsyncLifetime
{
    private SupervisorProcess _sup = null!;

    public async Task InitializeAsync() => _sup = await SupervisorProcess.StartAsync(output,
        new SupervisorOptions { Workers = 1, StepMs = 300, ExtraArgs = ["--auth", "optional"] }
            .WithEnv("SDS__Auth__BootstrapAdmin", "root:root-password-1")
            .WithEnv("SDS__Auth__Guest__MaxSize", 128)
            .WithEnv("SDS__Auth__Guest__MaxQueuedJobs", 1));

    public async Task DisposeAsync() => await _sup.DisposeAsync();

    [Fact]
    public async Task Guests_generate_within_the_guest_limits_and_credentials_lift_them()
    {
        var tooBig = await _sup.Api.SubmitRawAsync(new Text2ImgRequest { Width = 256, Height = 256 });
        _sup.Expect(tooBig.Code == 400 && tooBig.Json?["errors"]?["width"]?.ToJsonString().Contains("guests", StringComparison.Ordinal) == true,
            $"a guest's size is limited, and the answer says so\n{tooBig}");
        var tooBigVideo = await _sup.Api.PostAsync("/api/generate/video", new { prompt = "a river", width = 256, height = 256 });
        _sup.Expect(tooBigVideo.Code == 400 && tooBigVideo.Json?["errors"]?["width"]?.ToJsonString().Contains("guests", StringComparison.Ordinal) == true,
            $"the guest limits hold for video submits too\n{tooBigVideo}");

        var first = await _sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 30 });
        var job = await _sup.Api.GetJobAsync(first);
        _sup.Expect(job.Node.Str("owner")?.StartsWith("guest:", StringComparison.Ordinal) == true, $"a guest's job is owned by its address\n{job.Node}");
        var second = await _sup.Api.SubmitRawAsync(new Text2ImgRequest { Steps = 2 });
        _sup.Expect(second.Code == 429 && second.Header("Retry-After") is { Length: > 0 } && second.Json.Str("error") == "too_many_jobs",
            $"one unfinished job per guest (Sds:Auth:Guest:MaxQueuedJobs=1)\n{second}");

        var admin = await _sup.Api.GetAsync("/api/config");
        _sup.Expect(admin.Code == 401, $"a guest on an admin route is asked to log in\n{admin}");

        var login = await _sup.Api.PostAsync("/api/auth/login", new { username = "root", password = "root-password-1" });
        _sup.Expect(login.Code == 200, $"the bootstrap admin logs in\n{login}");
        using var root = _sup.Api.WithBearer(login.Json.Str("access_token")!);
        var big = await root.SubmitRawAsync(new Text2ImgRequest { Width = 256, Height = 256, Steps = 2 });
        _sup.Expect(big.Code == 202, $"with credentials the guest limits do not apply\n{big}");
        var me = await root.GetAsync("/api/auth/me");
        _sup.Expect(me.Json.Str("role") == "admin", $"credentials give the principal's role\n{me}");
        var cancel = await root.CancelAsync(first);
        _sup.Expect(cancel.Code is 200 or 202, $"the admin cancels the guest's job\n{cancel}");
    }
}
