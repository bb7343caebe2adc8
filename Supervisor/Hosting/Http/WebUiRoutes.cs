using System.Net;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// The web UI at <c>/ui/</c>: built files with long-lived caching for Vite's hashed assets and none for <c>index.html</c>,
/// <c>index.html</c> for the app's own routes, and a plain "not built" answer when there is no build.
/// </summary>
public static class WebUiRoutes
{
    public const string Prefix = "/ui";
    private const string Immutable = "public, max-age=31536000, immutable";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication MapSupervisorWebUi(this WebApplication app)
    {
        var assets = WebUiAssets.Resolve(app.Services.GetRequiredService<IOptions<SupervisorOptions>>().Value.Http.UiDir, AppContext.BaseDirectory);
        if (assets.Root is null)
            app.Logger.LogWarning("The web UI is not built (looked in {UiSearched}); /ui/ says so. Build it with scripts/run, or pass --ui-dir",
                string.Join(", ", assets.Searched));
        else
            app.Logger.LogInformation("Serving the web UI from {UiDir} at /ui/", assets.Root);

        app.MapGet(Prefix + "/{**path}", (HttpContext context, string? path) => Serve(context, assets, path ?? ""))
            .AllowAnonymous()
            .WithSummary("The web UI: its built files, and index.html for the app's own routes (404 ui_not_built without a build)")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<ApiError>(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A browser asking for <c>/</c> gets the UI; API clients keep the JSON index.</summary>
    public static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static IResult Serve(HttpContext context, WebUiAssets assets, string path)
    {
        // The catch-all matches /ui too; the app's relative asset URLs need the slash.
        if (context.Request.Path.Value is Prefix)
            return TypedResults.Redirect(Prefix + "/", permanent: true);
        if (assets.Root is null)
            return NotBuilt(context.Request, assets);
        var file = assets.FileFor(path);
        if (file is null && !WebUiAssets.IsClientRoute(path))
            return ApiResults.NotFound($"no file '{path}' in the web UI build");
        file ??= Path.Combine(assets.Root, WebUiAssets.IndexFile);
        // A hashed name changes with its content; anything else, index.html first, is revalidated (Last-Modified) each time.
        context.Response.Headers.CacheControl = WebUiAssets.IsHashed(path) ? Immutable : "no-cache";
        if (!ContentTypes.TryGetContentType(file, out var type)) type = "application/octet-stream";
        return TypedResults.PhysicalFile(file, type, enableRangeProcessing: false,
            lastModified: File.GetLastWriteTimeUtc(file), entityTag: null);
    }

    private static IResult NotBuilt(HttpRequest request, WebUiAssets assets)
    {
        const string message = "the web UI is not built: run scripts/run (needs node and npm), or start with --ui-dir DIR pointing at a build";
        if (!WantsHtml(request))
            return ApiResults.Error(StatusCodes.Status404NotFound, "ui_not_built", message);
        var html = $"<!doctype html><meta charset=utf-8><title>sd-supervised</title><h1>Web UI not built</h1><p>{WebUtility.HtmlEncode(message)}.</p>" +
                   $"<p>Looked in: {WebUtility.HtmlEncode(string.Join(", ", assets.Searched))}</p><p>The API is up: <a href=\"/docs\">/docs</a>.</p>";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }
}
