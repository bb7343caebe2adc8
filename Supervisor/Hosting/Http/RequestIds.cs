using Microsoft.Extensions.Primitives;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// The <c>X-Request-Id</c> rules: a caller's id is kept when it is short visible ASCII (so it is safe in a
/// header and a log line), otherwise the server makes one.
/// </summary>
public static class RequestIds
{
    public const string HeaderName = "X-Request-Id";
    public const string LogProperty = "RequestId";
    public const int MaxLength = 128;

    /// <summary>True for 1 to <see cref="MaxLength"/> characters, each visible ASCII (0x21 to 0x7E).</summary>
    public static bool IsAcceptable(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => c is >= '!' and <= '~');

    /// <summary>The caller's id when there is exactly one acceptable value, else a new one.</summary>
    public static string Resolve(StringValues incoming) =>
        incoming.Count == 1 && IsAcceptable(incoming[0]) ? incoming[0]! : New();

    /// <summary>Time-ordered (UUID v7) so ids sort by arrival in a log search.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");
}
