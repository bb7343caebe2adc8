using System.Globalization;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>The <c>Retry-After</c> header for 429 answers, in whole seconds as HTTP wants them.</summary>
public static class RetryAfter
{
    /// <summary>Seconds, rounded up, at least 1: "0" would invite an immediate retry storm.</summary>
    public static string Seconds(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

}
