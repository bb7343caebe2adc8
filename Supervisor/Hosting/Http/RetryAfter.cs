using System.Globalization;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>The <c>Retry-After</c> header for 429 answers, in whole seconds as HTTP wants them.</summary>
public static class RetryAfter
{
    /// <summary>What a 429 that named no delay says: short enough that a client does not stall for long.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);

    /// <summary>Seconds, rounded up, at least 1: "0" would invite an immediate retry storm.</summary>
    public static string Seconds(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds the default <c>Retry-After</c> to a 429 that has none, whichever code wrote it.</summary>
    public static void EnsureOn429(HttpResponse response)
    {
        if (response.StatusCode == StatusCodes.Status429TooManyRequests && !response.Headers.ContainsKey("Retry-After"))
            response.Headers.RetryAfter = Seconds(Default);
    }
}
