namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// The account and password aging rules of shadow(5), the way pam_unix's account check applies them, so
/// <c>--auth unix</c> refuses exactly the accounts a console login would.
/// </summary>
internal static class ShadowAging
{
    /// <summary>Days since 1970-01-01 (UTC), the unit of every shadow date.</summary>
    public static long Today(TimeProvider time) => time.GetUtcNow().ToUnixTimeSeconds() / 86400;

    /// <summary>Null when the account may log in today, otherwise why not (for the audit log).</summary>
    public static string? Refusal(ShadowEntry entry, long today)
    {
        if (entry.ExpireDay != -1 && today >= entry.ExpireDay)
            return "account expired";
        // 0 is how an administrator forces a change at the next login (passwd -e, chage -d 0); we cannot offer one.
        if (entry.LastChange == 0)
            return "password must be changed";
        // An empty last-change field turns aging off (shadow(5)); one in the future counts as changed today.
        if (entry.LastChange > 0 && entry.MaxDays != -1)
        {
            var age = today - entry.LastChange;
            if (entry.InactiveDays != -1 && age > entry.MaxDays + entry.InactiveDays)
                return "account inactive (password expired too long ago)";
            if (age > entry.MaxDays)
                return "password expired";
        }
        return null;
    }
}
