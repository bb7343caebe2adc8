namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Where the web UI's built assets are, and which file a <c>/ui/</c> path names. A configured folder wins; else
/// <c>ui/</c> beside the program (what the package installs), else the checkout's <c>Supervisor/WebUi/dist</c> found
/// above the program's folder (what <c>scripts/run</c> builds). Never a path outside the chosen folder.
/// </summary>
public sealed class WebUiAssets
{
    public const string IndexFile = "index.html";
    /// <summary>Vite's output folder for content-hashed files: safe to cache forever.</summary>
    public const string HashedFolder = "assets";

    private WebUiAssets(string? root, IReadOnlyList<string> searched)
    {
        Root = root;
        Searched = searched;
    }

    /// <summary>The folder holding <c>index.html</c>, or null when the UI is not built (see <see cref="Searched"/>).</summary>
    public string? Root { get; }

    /// <summary>The folders looked in, for the "not built" message.</summary>
    public IReadOnlyList<string> Searched { get; }

    public static WebUiAssets Resolve(string? configured, string baseDirectory)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured))
            candidates.Add(Path.GetFullPath(configured));
        else
        {
            candidates.Add(Path.Combine(baseDirectory, "ui"));
            // From bin/Release/net10.0 (or a test's copy of the program): the first folder above holding Supervisor/WebUi is the checkout.
            for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
            {
                if (!Directory.Exists(Path.Combine(dir.FullName, "Supervisor", "WebUi"))) continue;
                candidates.Add(Path.Combine(dir.FullName, "Supervisor", "WebUi", "dist"));
                break;
            }
        }
        var root = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, IndexFile)));
        return new WebUiAssets(root is null ? null : Path.GetFullPath(root), candidates);
    }

    /// <summary>The file a path below <c>/ui/</c> names, or null when it names none (or tries to leave the folder).</summary>
    public string? FileFor(string relativePath)
    {
        if (Root is null || string.IsNullOrEmpty(relativePath) || relativePath.Contains('\0')) return null;
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        return File.Exists(full) ? full : null;
    }

    /// <summary>
    /// A path with a file extension, or under <c>assets/</c>, names a file: when missing it is a 404, not the app
    /// (a stale chunk must fail loudly, not parse HTML as JavaScript). Any other path is a client route.
    /// </summary>
    public static bool IsClientRoute(string relativePath) =>
        !IsHashed(relativePath) && !Path.HasExtension(relativePath) && !relativePath.Contains("..", StringComparison.Ordinal);

    public static bool IsHashed(string relativePath) =>
        relativePath.StartsWith(HashedFolder + "/", StringComparison.Ordinal);
}
