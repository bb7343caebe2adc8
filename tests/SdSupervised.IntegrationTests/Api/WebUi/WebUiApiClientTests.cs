using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Packaging;

namespace SdSupervised.IntegrationTests.Api.WebUi;

/// <summary>
/// The web UI's typed client (<c>Supervisor/WebUi/src/api/client.ts</c>, its <c>PATHS</c>) calls only routes that
/// <c>/openapi.json</c> of the real server documents, and every one of them: a renamed route fails here, not in a browser.
/// </summary>
public sealed partial class WebUiApiClientTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    [GeneratedRegex(@"export const PATHS = \{(?<body>.*?)\} as const;", RegexOptions.Singleline)]
    private static partial Regex PathsBlock();

    [GeneratedRegex(@"^\s*(?<key>\w+):\s*""(?<path>/[^""]+)"",?\s*$", RegexOptions.Multiline)]
    private static partial Regex PathEntry();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Every_path_the_ui_client_calls_is_in_the_openapi_document()
    {
        var source = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Locate(), "Supervisor", "WebUi", "src", "api", "client.ts"));
        var block = PathsBlock().Match(source);
        Assert.True(block.Success, "client.ts has no 'export const PATHS = { ... } as const;' block");
        var paths = PathEntry().Matches(block.Groups["body"].Value).Select(m => (Key: m.Groups["key"].Value, Path: m.Groups["path"].Value)).ToList();
        Assert.True(paths.Count >= 20, $"only {paths.Count} paths read from client.ts: the pattern no longer matches its layout");

        var doc = (await shared.Supervisor.Api.GetAsync("/openapi.json")).Json ?? throw new InvalidOperationException("/openapi.json is not JSON");
        string Shape(string p) => Parameter().Replace(p, "{}");
        var documented = doc.Obj("paths")!.Select(p => Shape(p.Key)).ToHashSet(StringComparer.Ordinal);
        // The client's {mode} stands for each /api/generate/<mode> route.
        var modes = Regex.Match(source, @"export const MODES = \[(?<m>[^\]]*)\]").Groups["m"].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => m.Trim('"')).ToList();
        Assert.NotEmpty(modes);
        var missing = paths
            .SelectMany(p => p.Path.Contains("{mode}", StringComparison.Ordinal) ? modes.Select(m => (p.Key, Path: p.Path.Replace("{mode}", m))) : [p])
            .Where(p => !documented.Contains(Shape(p.Path)))
            .Select(p => $"{p.Key}: {p.Path}")
            .ToList();
        Assert.True(missing.Count == 0, "client.ts calls routes /openapi.json does not have:\n" + string.Join("\n", missing));
    }
}
