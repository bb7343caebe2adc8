using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth.Login;

/// <summary>
/// Brakes on password guessing: a rate limit on login attempts per client address (System.Threading.RateLimiting,
/// the ASP.NET Core rate limiter's engine), and a lockout of a user name after <c>MaxFailedLogins</c> failures in a
/// row for <c>LockoutMinutes</c>. Names that do not exist are locked out the same way, so a lockout tells nothing.
/// In memory: a restart forgives, which is fine for a brake on online guessing.
/// </summary>
public sealed class LoginLockout : IDisposable
{
    private readonly ConcurrentDictionary<string, Failures> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;

    public LoginLockout(IOptions<SupervisorOptions> options, TimeProvider time)
    {
        _options = options.Value.Auth;
        _time = time;
        var perMinute = _options.LoginAttemptsPerMinute;
        _byAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetSlidingWindowLimiter(address,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
    }

    private const int MaxTrackedNames = 10_000;

    private sealed record Failures(int Count, DateTimeOffset? LockedUntil);

    /// <summary>Null when this attempt may go on; else how long the caller must wait.</summary>
    public TimeSpan? Check(string username, string clientAddress)
    {
        using var lease = _byAddress.AttemptAcquire(clientAddress);
        if (!lease.IsAcquired)
            return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
        if (_byName.TryGetValue(username, out var f) && f.LockedUntil is { } until && until > _time.GetUtcNow())
            return until - _time.GetUtcNow();
        return null;
    }

    /// <summary>Counts a failure; true when it locked the name out.</summary>
    public bool Failed(string username)
    {
        var now = _time.GetUtcNow();
        // Guessed names would otherwise pile up: past this many, forget the ones that are not locked out now.
        if (_byName.Count > MaxTrackedNames)
            foreach (var (name, f) in _byName)
                if (f.LockedUntil is not { } until || until <= now) _byName.TryRemove(name, out _);
        var updated = _byName.AddOrUpdate(username, _ => new Failures(1, null), (_, f) =>
            f.LockedUntil is { } until && until <= now ? new Failures(1, null) : f with { Count = f.Count + 1 });
        if (updated.Count < _options.MaxFailedLogins || updated.LockedUntil is not null) return false;
        _byName[username] = updated with { LockedUntil = now.AddMinutes(_options.LockoutMinutes) };
        return true;
    }

    public void Succeeded(string username) => _byName.TryRemove(username, out _);

    public void Dispose() => _byAddress.Dispose();
}
