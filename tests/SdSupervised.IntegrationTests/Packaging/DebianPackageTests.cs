using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Packaging;

[Collection(PackagingCollection.Name)]
public sealed class DebianPackageTests(PackagingFixture fixture, ITestOutputHelper output)
{
    [RequiresToolsFact("dpkg-deb", "it comes with dpkg on Debian and Ubuntu; the .deb was not built")]
    public async Task Deb_holds_units_binaries_config_and_pam_service_and_keeps_both_as_conffiles()
    {
        var outDir = fixture.NewTempDir("deb");
        var build = await fixture.RunScriptAsync("build-deb.sh", TimeSpan.FromMinutes(3),
            "--no-build", "--publish-dir", fixture.PublishDir, "--out", outDir, "--version", "1.2.3");
        output.WriteLine(build.ToString());
        build.EnsureSuccess();
        var deb = Assert.Single(Directory.GetFiles(outDir, "*.deb"));
        Assert.StartsWith("sd-supervised_1.2.3_", Path.GetFileName(deb), StringComparison.Ordinal);

        var contents = (await DpkgDeb("--contents", deb)).EnsureSuccess();
        // "-rwxr-xr-x root/root 78256 2026-11-24 06:31 ./opt/sd-supervised/sd-supervised"
        var entries = contents.Lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[^1], f => (Mode: f[0], Owner: f[1]));
        foreach (var path in new[]
                 {
                     "./opt/sd-supervised/sd-supervised", "./opt/sd-supervised/sd-supervised.dll",
                     "./opt/sd-supervised/worker/sds-worker", "./opt/sd-supervised/worker/sds-worker.dll",
                     "./etc/sd-supervised/appsettings.json", "./etc/pam.d/sd-supervised",
                     "./lib/systemd/system/sd-supervised.service", "./lib/systemd/system/sd-supervised-nvidia.service",
                 })
            Assert.True(entries.ContainsKey(path), $"the package should contain {path}\n{contents}");
        Assert.Equal("-rwxr-xr-x", entries["./opt/sd-supervised/sd-supervised"].Mode);
        Assert.Equal("-rwxr-xr-x", entries["./opt/sd-supervised/worker/sds-worker"].Mode);
        Assert.Equal("-rw-r--r--", entries["./etc/pam.d/sd-supervised"].Mode);
        Assert.All(entries.Values, e => Assert.Equal("root/root", e.Owner));
        Assert.DoesNotContain(entries.Keys, p => p.EndsWith(".sd-supervised-install", StringComparison.Ordinal));
        // install.sh builds the web UI when node is here (scripts/test has built it already) and ships it as ui/.
        if (File.Exists(Path.Combine(RepositoryRoot.Locate(), "Supervisor", "WebUi", "dist", "index.html")))
        {
            Assert.True(entries.ContainsKey("./opt/sd-supervised/ui/index.html"), $"the package should ship the built web UI\n{contents}");
            Assert.Contains(entries.Keys, p => p.StartsWith("./opt/sd-supervised/ui/assets/", StringComparison.Ordinal) && p.EndsWith(".js", StringComparison.Ordinal));
            Assert.DoesNotContain(entries.Keys, p => p.EndsWith(".build-stamp", StringComparison.Ordinal));
        }

        var info = (await DpkgDeb("--info", deb)).EnsureSuccess();
        output.WriteLine(info.ToString());
        foreach (var member in new[] { "control", "conffiles", "md5sums", "postinst", "prerm", "postrm" })
            Assert.Contains(info.Lines, l => l.EndsWith($" {member}", StringComparison.Ordinal) || l.Contains($" {member} ", StringComparison.Ordinal));
        Assert.Contains("Package: sd-supervised", info.Lines);
        Assert.Contains("Version: 1.2.3", info.Lines);
        Assert.Contains("Depends: adduser, aspnetcore-runtime-10.0", info.Lines);

        var conffiles = (await DpkgDeb("--info", deb, "conffiles")).EnsureSuccess();
        // dpkg keeps an administrator's edits of both on upgrade and removes them on purge.
        Assert.Equal(["/etc/sd-supervised/appsettings.json", "/etc/pam.d/sd-supervised"], conffiles.Lines);
    }

    private static Task<ScriptResult> DpkgDeb(params string[] arguments) =>
        Shell.RunAsync("dpkg-deb", arguments, TimeSpan.FromMinutes(1));
}
