using System.Net;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Downloads image URLs without letting a request reach the server's own network (SSRF): http(s) only, no
/// proxy, every connection through <see cref="GuardedConnector"/>, redirects followed by hand so each hop is
/// checked again, one deadline for the whole download, and the body capped at <c>Limits:MaxUploadBytes</c>
/// while it streams. It never trusts Content-Type; the reader sniffs the bytes.
/// </summary>
public sealed class SafeImageDownloader : IImageDownloader, IDisposable
{
    private readonly HttpClient _http;
    private readonly ImageImportOptions _import;
    private readonly long _maxBytes;
    private readonly ILogger<SafeImageDownloader> _logger;

    public SafeImageDownloader(IOptions<SupervisorOptions> options, NetworkAddressPolicy policy, ILogger<SafeImageDownloader> logger)
        : this(options.Value, new GuardedConnector(policy), logger)
    {
    }

    internal SafeImageDownloader(SupervisorOptions options, GuardedConnector connector, ILogger<SafeImageDownloader> logger)
    {
        _import = options.ImageImport;
        _maxBytes = options.Limits.MaxUploadBytes;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectCallback = connector.ConnectAsync,
            ConnectTimeout = TimeSpan.FromSeconds(_import.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("sd-supervised-image-import/1.0");
        _http.DefaultRequestHeaders.Accept.ParseAdd("image/png, image/jpeg, image/webp, image/gif, image/bmp;q=0.9, */*;q=0.1");
    }

    public async Task<ImageDownloadResult> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_import.TimeoutSeconds));
        var current = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                var schemeError = CheckScheme(current);
                if (schemeError is not null) return Refuse(current, schemeError);

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if (IsRedirect(response.StatusCode))
                {
                    var location = response.Headers.Location;
                    if (location is null)
                        return Refuse(current, ImageInputErrors.Download($"{current.Host} answered {(int)response.StatusCode} without a Location header."));
                    if (hop >= _import.MaxRedirects)
                        return Refuse(current, ImageInputErrors.Download(
                            $"more than {_import.MaxRedirects} redirects (Sds:ImageImport:MaxRedirects); the last pointed to {location}."));
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    return Refuse(current, ImageInputErrors.Download(
                        $"{current.Host} answered {(int)response.StatusCode} {response.ReasonPhrase} for {current.GetLeftPart(UriPartial.Path)}."));
                return await ReadBodyAsync(current, response, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refuse(current, ImageInputErrors.Download($"the download from {current.Host} did not finish within {_import.TimeoutSeconds} s (Sds:ImageImport:TimeoutSeconds)."));
        }
        catch (HttpRequestException e)
        {
            var refused = Inner<ImageImportRefusedException>(e);
            return Refuse(current, refused?.Error ?? ImageInputErrors.Download($"the download from {current.Host} failed: {Innermost(e).Message}"));
        }
        catch (IOException e)
        {
            return Refuse(current, ImageInputErrors.Download($"the download from {current.Host} failed while reading: {e.Message}"));
        }
    }

    /// <summary>Only http and https, with a host; anything else (file:, ftp:, gopher:) could reach local resources.</summary>
    public static ImageInputError? CheckScheme(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return ImageInputErrors.NotAllowed($"only http and https image URLs are allowed; '{(url.IsAbsoluteUri ? url.Scheme : url.ToString())}' is not.");
        if (string.IsNullOrEmpty(url.Host))
            return ImageInputErrors.NotAllowed("the image URL has no host.");
        if (!string.IsNullOrEmpty(url.UserInfo))
            return ImageInputErrors.NotAllowed("image URLs with credentials (user:password@host) are not allowed.");
        return null;
    }

    private async Task<ImageDownloadResult> ReadBodyAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > _maxBytes)
            return Refuse(url, ImageInputErrors.BytesOverLimit($"the image at {url.Host} (Content-Length)", declared, _maxBytes));

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _maxBytes)
                return Refuse(url, ImageInputErrors.BytesOverLimit($"the image at {url.Host}", _maxBytes, _maxBytes, atLeast: true));
            buffer.Write(chunk, 0, read);
        }
        return new ImageDownloadResult(buffer.ToArray(), null);
    }

    private ImageDownloadResult Refuse(Uri url, ImageInputError error)
    {
        var host = !url.IsAbsoluteUri ? "(relative URL)" : url.Host.Length > 0 ? url.Host : $"({url.Scheme}: URL)";
        _logger.LogWarning("Image import from {Host} refused with {Code}: {Reason}", host, error.Code, error.Message);
        return ImageDownloadResult.Refused(error);
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static T? Inner<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T found) return found;
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public void Dispose() => _http.Dispose();
}
