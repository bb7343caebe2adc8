using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Packaging;

[Collection(PackagingCollection.Name)]
public sealed class InstallScriptTests(PackagingFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Install_into_a_destdir_lays_out_program_worker_config_pam_service_and_units()
    {
        output.WriteLine(fixture.FirstInstall.ToString());

        AssertExecutable(Path.Combine(fixture.ProgramDir, "sd-supervised"));
        AssertFile(Path.Combine(fixture.ProgramDir, "sd-supervised.dll"));
        AssertFile(Path.Combine(fixture.ProgramDir, "sd-supervised.runtimeconfig.json"));
        AssertExecutable(Path.Combine(fixture.ProgramDir, "worker", "sds-worker"));
        AssertFile(Path.Combine(fixture.ProgramDir, "worker", "sds-worker.dll"));
        AssertFile(Path.Combine(fixture.ProgramDir, "worker", "sds-worker.runtimeconfig.json"));
        foreach (var unit in PackagingFixture.Units)
            AssertFile(Path.Combine(fixture.UnitDir, unit));

        var config = Path.Combine(fixture.Stage, "etc", "sd-supervised", "appsettings.json");
        Assert.Equal(File.ReadAllText(fixture.DefaultConfig), File.ReadAllText(config));
        Assert.False(File.Exists(config + ".dist"), "a first install has no appsettings.json.dist");

        var pamService = Path.Combine(fixture.Stage, "etc", "pam.d", "sd-supervised");
        Assert.Equal(File.ReadAllText(fixture.DefaultPamService), File.ReadAllText(pamService));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(pamService));

        // A staging install writes the program, the config, the PAM service and the units, nothing else (no /var, no drop-ins).
        Assert.Equal(["etc", "lib", "opt"], Names(fixture.Stage));
        Assert.Equal(["pam.d", "sd-supervised"], Names(Path.Combine(fixture.Stage, "etc")));
        Assert.Equal(["sd-supervised"], Names(Path.Combine(fixture.Stage, "etc", "pam.d")));
    }

    [Fact]
    public async Task Install_twice_keeps_an_edited_config_and_pam_service_and_puts_the_new_config_default_beside_it()
    {
        var destdir = fixture.NewTempDir("twice");
        var config = Path.Combine(destdir, "etc", "sd-supervised", "appsettings.json");

        Log((await fixture.InstallFromPublishAsync(destdir)).EnsureSuccess());
        var again = Log((await fixture.InstallFromPublishAsync(destdir)).EnsureSuccess());
        Assert.False(File.Exists(config + ".dist"), $"an unedited config needs no .dist\n{again}");
        Assert.Contains(again.Lines, l => l.Contains("unchanged", StringComparison.Ordinal));

        var edited = File.ReadAllText(config).Replace("\"Port\": 8080", "\"Port\": 9123", StringComparison.Ordinal);
        Assert.Contains("9123", edited, StringComparison.Ordinal);
        File.WriteAllText(config, edited);
        var pamService = Path.Combine(destdir, "etc", "pam.d", "sd-supervised");
        File.AppendAllText(pamService, "auth required pam_faillock.so authfail\n");
        var editedPam = File.ReadAllText(pamService);

        var third = Log((await fixture.InstallFromPublishAsync(destdir)).EnsureSuccess());
        Assert.Equal(edited, File.ReadAllText(config));
        Assert.Equal(File.ReadAllText(fixture.DefaultConfig), File.ReadAllText(config + ".dist"));
        Assert.Contains(third.Lines, l => l.Contains("kept your edited", StringComparison.Ordinal));
        Assert.Equal(editedPam, File.ReadAllText(pamService));
        Assert.Contains(third.Lines, l => l.Contains("kept your edited PAM service", StringComparison.Ordinal));
        // Every file in /etc/pam.d is a PAM service: the new default must not land beside the edited one.
        Assert.Equal(["sd-supervised"], Names(Path.Combine(destdir, "etc", "pam.d")));
        AssertExecutable(Path.Combine(destdir, "opt", "sd-supervised", "worker", "sds-worker"));
        // The copy is swapped in through sibling folders; none may be left behind.
        Assert.Equal(["sd-supervised"], Names(Path.Combine(destdir, "opt")));
    }

    [Fact]
    public async Task Prefix_moves_the_program_and_the_units_ExecStart_with_it()
    {
        var destdir = fixture.NewTempDir("prefix");
        Log((await fixture.InstallFromPublishAsync(destdir, "--prefix", "/srv/sdx")).EnsureSuccess());

        AssertExecutable(Path.Combine(destdir, "srv", "sdx", "sd-supervised"));
        AssertExecutable(Path.Combine(destdir, "srv", "sdx", "worker", "sds-worker"));
        var unit = File.ReadAllLines(Path.Combine(destdir, "lib", "systemd", "system", "sd-supervised.service"));
        Assert.Contains(unit, l => l.StartsWith("ExecStart=/srv/sdx/sd-supervised ", StringComparison.Ordinal));
        Assert.DoesNotContain(unit, l => l.Contains("/opt/sd-supervised", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Install_refuses_to_replace_a_folder_it_did_not_create()
    {
        var destdir = fixture.NewTempDir("foreign");
        var foreign = Path.Combine(destdir, "usr", "local");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "precious.txt"), "not ours");

        var result = Log(await fixture.InstallFromPublishAsync(destdir, "--prefix", "/usr/local"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Lines, l => l.Contains("refusing", StringComparison.Ordinal));
        Assert.Equal("not ours", File.ReadAllText(Path.Combine(foreign, "precious.txt")));
        Assert.False(File.Exists(Path.Combine(foreign, "sd-supervised")));
    }

    [Fact]
    public async Task Uninstall_removes_program_and_units_and_keeps_config_pam_service_and_data_unless_purged()
    {
        var destdir = fixture.NewTempDir("uninstall");
        Log((await fixture.InstallFromPublishAsync(destdir)).EnsureSuccess());
        var config = Path.Combine(destdir, "etc", "sd-supervised", "appsettings.json");
        var pamService = Path.Combine(destdir, "etc", "pam.d", "sd-supervised");
        var data = Path.Combine(destdir, "var", "lib", "sd-supervised");
        Directory.CreateDirectory(Path.Combine(data, "models"));
        File.WriteAllText(Path.Combine(data, "jobs.db"), "jobs");

        Log((await fixture.RunScriptAsync("uninstall.sh", TimeSpan.FromMinutes(1), "--destdir", destdir)).EnsureSuccess());
        Assert.False(Directory.Exists(Path.Combine(destdir, "opt", "sd-supervised")), "the program should be gone");
        foreach (var unit in PackagingFixture.Units)
            Assert.False(File.Exists(Path.Combine(destdir, "lib", "systemd", "system", unit)), $"{unit} should be gone");
        Assert.True(File.Exists(config), "the configuration is kept without --purge");
        Assert.True(File.Exists(pamService), "the PAM service is kept without --purge");
        Assert.True(File.Exists(Path.Combine(data, "jobs.db")), "the data is kept without --purge");

        Log((await fixture.RunScriptAsync("uninstall.sh", TimeSpan.FromMinutes(1), "--destdir", destdir, "--purge")).EnsureSuccess());
        Assert.False(Directory.Exists(Path.Combine(destdir, "etc", "sd-supervised")), "--purge removes the configuration");
        Assert.False(File.Exists(pamService), "--purge removes the PAM service");
        Assert.False(Directory.Exists(data), "--purge removes the data");
    }

    private ScriptResult Log(ScriptResult result)
    {
        output.WriteLine(result.ToString());
        return result;
    }

    private static string[] Names(string dir) =>
        Directory.GetFileSystemEntries(dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

    private static void AssertFile(string path) => Assert.True(File.Exists(path), $"{path} should exist");

    private static void AssertExecutable(string path)
    {
        AssertFile(path);
        Assert.True((File.GetUnixFileMode(path) & UnixFileMode.OtherExecute) != 0, $"{path} should be executable by everyone (the service user included)");
    }
}
