using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Packaging;

[Collection(PackagingCollection.Name)]
public sealed class ScriptLintTests(PackagingFixture fixture, ITestOutputHelper output)
{
    private string Packaging => Path.Combine(fixture.RepoRoot, "packaging");
    private string[] BashScripts => ["install.sh", "uninstall.sh", "build-deb.sh"];
    // dpkg runs these with /bin/sh, which is dash on Debian: POSIX only.
    private string[] MaintainerScripts => ["postinst", "prerm", "postrm"];

    [Fact]
    public async Task Scripts_parse_are_executable_and_answer_help()
    {
        foreach (var script in MaintainerScripts.Select(s => Path.Combine(Packaging, "deb", s)))
        {
            (await Run("sh", "-n", script)).EnsureSuccess();
            Assert.True((File.GetUnixFileMode(script) & UnixFileMode.UserExecute) != 0, $"{script} should be executable");
        }
        foreach (var script in BashScripts.Select(s => Path.Combine(Packaging, s)))
        {
            (await Run("bash", "-n", script)).EnsureSuccess();
            Assert.True((File.GetUnixFileMode(script) & UnixFileMode.UserExecute) != 0, $"{script} should be executable");
            var help = (await Run("bash", script, "--help")).EnsureSuccess();
            Assert.StartsWith("Usage: packaging/", help.Output, StringComparison.Ordinal);
        }
    }

    [RequiresToolsFact("shellcheck", "Debian: apt-get install shellcheck; the scripts were not linted")]
    public async Task Scripts_pass_shellcheck()
    {
        (await Run("shellcheck", ["-x", .. BashScripts.Select(s => Path.Combine(Packaging, s)), Path.Combine(Packaging, "lib", "layout.sh")])).EnsureSuccess();
        (await Run("shellcheck", ["-s", "sh", .. MaintainerScripts.Select(s => Path.Combine(Packaging, "deb", s))])).EnsureSuccess();
    }

    private async Task<ScriptResult> Run(string tool, params string[] arguments)
    {
        var result = await Shell.RunAsync(tool, arguments, TimeSpan.FromMinutes(1), fixture.RepoRoot, PackagingFixture.ScriptEnvironment());
        output.WriteLine(result.ToString());
        return result;
    }
}
