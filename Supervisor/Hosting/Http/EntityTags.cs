using System.Security.Cryptography;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// Strong ETags from a response's bytes, and the <c>If-None-Match</c> check that turns a poll of an unchanged resource
/// into a bodyless 304. A hash rather than a counter: a counter restarts with the process and would match a client's old tag.
/// </summary>
public static class EntityTags
{
    public static string Of(ReadOnlySpan<byte> body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(body)[..12])}\"";

    /// <summary>Sets the tag on the response; true when the request already holds it (answer 304, no body).</summary>
    public static bool NotModified(HttpContext context, string etag)
    {
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        foreach (var value in context.Request.Headers.IfNoneMatch)
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
                if (candidate == "*" || candidate == etag || candidate == "W/" + etag)
                    return true;
        return false;
    }
}
