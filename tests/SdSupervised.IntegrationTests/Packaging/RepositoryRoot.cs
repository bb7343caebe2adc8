using System.Runtime.CompilerServices;

namespace SdSupervised.IntegrationTests.Packaging;

/// <summary>
/// The checkout the tests were compiled from. Builds with --artifacts-path put the test binaries
/// outside the repository, so the compile-time source path leads back to it; SDS_REPO_ROOT overrides.
/// </summary>
public static class RepositoryRoot
{
    public static string Locate([CallerFilePath] string sourceFile = "")
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("SDS_REPO_ROOT"),
            Path.GetDirectoryName(sourceFile),
            AppContext.BaseDirectory,
            Environment.CurrentDirectory,
        };
        foreach (var start in candidates)
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SdSupervised.sln")) && File.Exists(Path.Combine(dir.FullName, "packaging", "install.sh")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException("cannot find the repository (SdSupervised.sln beside packaging/install.sh); set SDS_REPO_ROOT");
    }
}
