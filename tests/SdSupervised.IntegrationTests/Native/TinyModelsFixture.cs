using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SdSupervised.IntegrationTests.Native;

/// <summary>
/// The random-weight models the real-library tests load, made by tests/tools/TinyModels once per run (or taken
/// from <c>SDS_TINY_MODELS_DIR</c> when it already holds them). Nothing happens when no native library is set.
/// </summary>
public sealed class TinyModelsFixture : IAsyncLifetime
{
    public const string DirectoryVariable = "SDS_TINY_MODELS_DIR";

    /// <summary>Bump when the generator's output changes, so a stale cached set is not reused.</summary>
    private const string Generation = "v2";

    public string Directory { get; private set; } = "";

    public string Model => Path.Combine(Directory, "sdxs-tiny.gguf");

    public string Esrgan => Path.Combine(Directory, "esrgan-x4-tiny.gguf");

    /// <summary>The model cut short: a real "file is damaged" case.</summary>
    public string Truncated => Path.Combine(Directory, "sdxs-truncated.gguf");

    public TimeSpan GenerationTime { get; private set; }

    public async Task InitializeAsync()
    {
        if (NativeLibraryFactAttribute.LibraryPath is null)
            return;

        Directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), $"sds-tiny-models-{Generation}");
        System.IO.Directory.CreateDirectory(Directory);

        if (!File.Exists(Model) || !File.Exists(Esrgan))
        {
            var watch = Stopwatch.StartNew();
            await GenerateAsync(Directory);
            GenerationTime = watch.Elapsed;
        }

        if (!File.Exists(Truncated))
        {
            var bytes = await File.ReadAllBytesAsync(Model);
            await File.WriteAllBytesAsync(Truncated + ".tmp", bytes.AsMemory(0, bytes.Length * 6 / 10));
            File.Move(Truncated + ".tmp", Truncated, overwrite: true);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task GenerateAsync(string directory)
    {
        var project = Path.Combine(RepositoryRoot(), "tests", "tools", "TinyModels", "TinyModels.csproj");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "-c", "Release", "--project", project, "--artifacts-path", Path.Combine(Path.GetTempPath(), "sds-tiny-models-build"), "--", directory })
            info.ArgumentList.Add(arg);

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the tiny model generator failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    /// <summary>Above the test binaries (the usual build), else above this source file (builds with --artifacts-path elsewhere).</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SdSupervised.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no SdSupervised.sln above {AppContext.BaseDirectory}; set {DirectoryVariable} to a folder made by tests/tools/TinyModels");
    }
}
