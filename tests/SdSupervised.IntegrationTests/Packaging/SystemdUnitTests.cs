using System.Text.Json;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Packaging;

[Collection(PackagingCollection.Name)]
public sealed class SystemdUnitTests(PackagingFixture fixture, ITestOutputHelper output)
{
    [RequiresToolsFact("systemd-analyze", "Debian: apt-get install systemd; the units were not verified")]
    public async Task Units_pass_systemd_analyze_verify()
    {
        // verify insists that ExecStart= names an executable file, so check copies of the installed
        // units that point at the staged program instead of /opt/sd-supervised.
        var dir = fixture.NewTempDir("verify");
        var paths = new List<string>();
        foreach (var unit in PackagingFixture.Units)
        {
            var text = File.ReadAllText(Path.Combine(fixture.UnitDir, unit)).Replace("/opt/sd-supervised", fixture.ProgramDir, StringComparison.Ordinal);
            var path = Path.Combine(dir, unit);
            File.WriteAllText(path, text);
            paths.Add(path);
        }

        var result = await Shell.RunAsync("systemd-analyze", ["verify", .. paths], TimeSpan.FromMinutes(1), dir);
        output.WriteLine(result.ToString());
        // Complaints about other units verify loads on the way (targets of this host) are not ours to fix.
        Assert.DoesNotContain(result.Lines, l => l.Contains("sd-supervised", StringComparison.Ordinal));
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Unit_is_a_watchdog_supervised_notify_service_whose_stop_timeout_covers_the_shipped_shutdown_grace()
    {
        var unit = UnitSettings.Read(Path.Combine(fixture.RepoRoot, "packaging", "systemd", "sd-supervised.service"));
        output.WriteLine(string.Join('\n', unit.Select(kv => $"{kv.Key}={string.Join(" | ", kv.Value)}")));

        Assert.Equal("notify", unit.One("Type"));
        Assert.Equal("main", unit.One("NotifyAccess"));
        Assert.Equal("30s", unit.One("WatchdogSec"));
        Assert.Equal("on-failure", unit.One("Restart"));
        Assert.Equal("mixed", unit.One("KillMode"));
        Assert.Equal("sd-supervised", unit.One("User"));
        Assert.Equal("0", unit.One("LimitCORE"));
        Assert.Equal("65536", unit.One("LimitNOFILE"));
        Assert.Equal("/opt/sd-supervised/sd-supervised --config /etc/sd-supervised/appsettings.json --data-dir /var/lib/sd-supervised", unit.One("ExecStart"));
        Assert.Equal("closed", unit.One("DevicePolicy"));
        Assert.Contains("char-nvidia* rw", unit.All("DeviceAllow"));
        Assert.False(unit.ContainsKey("MemoryDenyWriteExecute"), "the .NET JIT needs writable executable memory");
        foreach (var key in new[] { "NoNewPrivileges", "ProtectHome", "PrivateTmp", "ProtectKernelTunables", "ProtectControlGroups", "RestrictSUIDSGID", "LockPersonality" })
            Assert.Equal("yes", unit.One(key));
        Assert.Equal("strict", unit.One("ProtectSystem"));
        // Worker pipe sockets go to $RUNTIME_DIRECTORY, which only the service user can enter.
        Assert.Equal("sd-supervised", unit.One("RuntimeDirectory"));
        Assert.Equal("0700", unit.One("RuntimeDirectoryMode"));

        // The numbers systemd must wait for come from the configuration the package ships.
        using var config = JsonDocument.Parse(File.ReadAllText(fixture.DefaultConfig));
        var resilience = config.RootElement.GetProperty("Sds").GetProperty("Resilience");
        var needed = resilience.GetProperty("ShutdownGraceSeconds").GetInt32() + resilience.GetProperty("CancelGraceSeconds").GetInt32() + 20;
        Assert.True(UnitSettings.Seconds(unit.One("TimeoutStopSec")) >= needed,
            $"TimeoutStopSec={unit.One("TimeoutStopSec")} must cover ShutdownGraceSeconds + CancelGraceSeconds + 20 s = {needed} s");

        // The models folder must be writable under ProtectSystem=strict: inside a StateDirectory= (or a ReadWritePaths=).
        var modelsDir = config.RootElement.GetProperty("Sds").GetProperty("ModelsDir").GetString()!;
        var writable = unit.All("StateDirectory").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(d => $"/var/lib/{d}")
            .Concat(unit.All("ReadWritePaths").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => p.TrimStart('-')));
        Assert.Contains(writable, w => modelsDir == w || modelsDir.StartsWith(w + "/", StringComparison.Ordinal));
    }
}
