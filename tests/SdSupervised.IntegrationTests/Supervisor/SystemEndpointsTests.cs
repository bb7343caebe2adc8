using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class SystemEndpointsTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task Health_version_and_status_describe_a_healthy_synthetic_supervisor()
    {
        var health = await Sup.Api.GetAsync("/api/health");
        Sup.Expect(health.Code == 200 && health.Json.Str("status") == "ok" && health.Json.Int("usable_workers") == 1,
            $"/api/health should be 200 {{status: ok, usable_workers: 1}}\n{health}");

        var version = await Sup.Api.GetAsync("/api/version");
        Sup.Expect(version.Code == 200 && !string.IsNullOrWhiteSpace(version.Json.Str("version")) && version.Json.Int("protocol_version") is > 0
                   && version.Json.Str("commit") is { Length: 40 } commit && commit.All(Uri.IsHexDigit) && version.Json.Str("built_at") is { Length: > 0 }
                   && version.Json.Arr("native_libraries") is { Count: 0 },
            $"/api/version should be 200 {{version, commit (the build's git sha), built_at, protocol_version, native_libraries: [] with synthetic workers}}\n{version}");

        var status = await Sup.Api.GetStatusAsync();
        Sup.Expect(status.Status == "ok" && status.EngineKind == "synthetic", $"/api/status should say ok and engine.kind synthetic\n{status}");
        Sup.Expect(status.Node.Obj("queue") is { } queue && queue.Int("queued") == 0 && queue.Int("running") == 0, $"/api/status queue should be empty\n{status}");
        var w0 = status.Worker("w0");
        Sup.Expect(w0 is { State: "idle", Restarts: 0, LastFailureKind: null, JobId: null } && w0.Pid is > 0 && !string.IsNullOrEmpty(w0.Device),
            $"w0 should be idle with a pid, a device, no restarts and no failure\n{status}");
        var cmd = Posix.CommandLine(w0!.Pid!.Value);
        Sup.Expect(cmd?.Contains("sds-worker") == true && cmd.Contains("w0"), $"pid {w0.Pid} should be the w0 worker process, its command line is '{cmd}'");
    }
}
