namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>
/// Publishes once, with packaging/install.sh into a staging root (DESTDIR), under a private temp
/// folder: intermediates included, so a parallel build of the repository is never disturbed. Tests
/// read that staging tree, or install again from the same publish with --no-build (a copy, seconds).
/// </summary>
public sealed class PackagingFixture : IAsyncLifetime
{
    public static readonly string[] Units = ["sd-supervised.service", "sd-supervised-nvidia.service"];

    public string RepoRoot { get; } = RepositoryRoot.Locate();
    public string TempRoot { get; } = Path.Combine(Path.GetTempPath(), "sds-pkg", $"{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..16]);
    public string PublishDir => Path.Combine(TempRoot, "publish");
    /// <summary>The DESTDIR of the first install: the tree a .deb is made of.</summary>
    public string Stage => Path.Combine(TempRoot, "stage");
    public string ProgramDir => Path.Combine(Stage, "opt", "sd-supervised");
    public string UnitDir => Path.Combine(Stage, "lib", "systemd", "system");
    public string DefaultConfig => Path.Combine(RepoRoot, "packaging", "config", "appsettings.json");
    public string DefaultPamService => Path.Combine(RepoRoot, "packaging", "pam", "sd-supervised");
    public ScriptResult FirstInstall { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TempRoot);
        FirstInstall = (await RunScriptAsync("install.sh", TimeSpan.FromMinutes(5),
            "--destdir", Stage, "--publish-dir", PublishDir, "--artifacts-path", Path.Combine(TempRoot, "build"))).EnsureSuccess();
    }

    /// <summary>install.sh into a staging root of its own, from the fixture's publish.</summary>
    public Task<ScriptResult> InstallFromPublishAsync(string destdir, params string[] extra) =>
        RunScriptAsync("install.sh", TimeSpan.FromMinutes(2), ["--destdir", destdir, "--no-build", "--publish-dir", PublishDir, .. extra]);

    public Task<ScriptResult> RunScriptAsync(string script, TimeSpan timeout, params string[] arguments) =>
        Shell.RunAsync("bash", [Path.Combine(RepoRoot, "packaging", script), .. arguments], timeout, RepoRoot, ScriptEnvironment());

    /// <summary>A fresh folder under the fixture's temp root, removed with it.</summary>
    public string NewTempDir(string name)
    {
        var dir = Path.Combine(TempRoot, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 7)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// The scripts' environment: the dotnet that runs these tests first on PATH, and none of the
    /// variables the scripts read (DESTDIR, PREFIX, UNIT_DIR) leaking in from the caller.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ScriptEnvironment()
    {
        var env = new Dictionary<string, string?> { ["DESTDIR"] = null, ["PREFIX"] = null, ["UNIT_DIR"] = null, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        if (DotnetDirectory() is { } dotnetDir)
            env["PATH"] = $"{dotnetDir}:{Environment.GetEnvironmentVariable("PATH")}";
        return env;
    }

    /// <summary>Where the dotnet running the tests lives (dotnet test sets DOTNET_HOST_PATH), if known.</summary>
    public static string? DotnetDirectory()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host)) return null;
        var resolved = new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
        return Path.GetDirectoryName(resolved);
    }

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SDS_IT_KEEP_DATA") is null)
        {
            try { Directory.Delete(TempRoot, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }
}
