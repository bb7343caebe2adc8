using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>How the choice of method shows at start: refused, warned about, reported in /api/status.</summary>
public sealed class AuthStartupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_non_loopback_host_without_auth_is_refused_at_start_with_one_line_saying_what_to_choose()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sds-it", "auth-host-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // Validation fails before anything listens, so nothing binds 0.0.0.0.
            var result = await SupervisorCli.RunAsync(dataDir, null, "--host", "0.0.0.0", "--port", "1", "--workers", "1", "--engine", "synthetic");
            output.WriteLine(result.ToString());
            Assert.Equal(2, result.ExitCode);
            var line = (result.Stdout + "\n" + result.Stderr).Split('\n').Single(l => l.Contains("--host 0.0.0.0", StringComparison.Ordinal));
            Assert.Contains("--auth", line);
            Assert.Contains("--auth none", line);
        }
        finally
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--enable-unix-auth", "unix")]
    [InlineData("--enable-pam-auth", "pam")]
    public async Task The_deprecated_switches_start_the_server_with_their_method_and_a_warning(string flag, string method)
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, ExtraArgs = [flag] });
        var status = await sup.Api.GetAsync("/api/status");
        sup.Expect(status.Json?["auth"].Str("method") == method, $"/api/status shows auth {method}\n{status}");
        sup.Expect(sup.Log.Contains($"{flag} is deprecated: use --auth {method}"), "the log warns and names the replacement");
        var protectedCall = await sup.Api.GetAsync("/api/queue/status");
        sup.Expect(protectedCall.Code == 401, $"the method is in force\n{protectedCall}");
    }
}
