using Microsoft.Extensions.Time.Testing;
using SdSupervised.Supervisor.Auth.System;

namespace SdSupervised.Tests.Auth;

public sealed class ShadowAgingTests
{
    private const long Today = 20_000;

    // The shadow(5) fields that decide a login (-1 = empty field): last change, max, inactive, expire; the refusal expected.
    // Min and warn only matter when changing a password or for the warning.
    public static TheoryData<long, long, long, long, string?> Rows => new()
    {
        { Today - 10, 99999, -1, -1, null },                          // Debian's defaults
        { Today - 10, -1, -1, -1, null },                             // no aging at all
        { Today - 10, 99999, -1, Today, "account expired" },          // expires today: already out
        { Today - 10, 99999, -1, Today + 1, null },
        { 0, 99999, -1, -1, "password must be changed" },             // passwd -e / chage -d 0
        { Today - 90, 90, -1, -1, null },                             // the last allowed day
        { Today - 91, 90, -1, -1, "password expired" },
        { Today - 97, 90, 7, -1, "password expired" },                // inside the inactive grace
        { Today - 98, 90, 7, -1, "account inactive (password expired too long ago)" },
        { -1, 90, -1, -1, null },                                     // empty last change: aging off
        { Today + 5, 90, -1, -1, null },                              // changed "in the future" (clock skew)
        { Today - 400, -1, 7, -1, null },                             // no maximum: never expires
        { 0, 99999, -1, Today - 1, "account expired" },               // expiry wins over a forced change
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Accounts_are_refused_as_pam_unix_would(long lastChange, long max, long inactive, long expire, string? refusal)
    {
        var entry = new ShadowEntry([], lastChange, MinDays: 0, max, WarnDays: 7, inactive, expire);

        Assert.Equal(refusal, ShadowAging.Refusal(entry, Today));
    }

    [Fact]
    public void Today_counts_whole_days_since_the_epoch_in_utc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 23, 59, 59, TimeSpan.FromHours(-5)));

        // 2026-01-02 04:59:59 UTC
        Assert.Equal(new DateTime(2026, 1, 2).Subtract(DateTime.UnixEpoch).Days, ShadowAging.Today(time));
    }
}
