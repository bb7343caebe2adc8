namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// One shadow(5) line. The day counts are days since 1970-01-01 and -1 where the field is empty, as in struct spwd.
/// <see cref="Hash"/> is the stored crypt(3) string as bytes, so it can be compared in constant time and wiped after.
/// </summary>
internal sealed record ShadowEntry(byte[] Hash, long LastChange, long MinDays, long MaxDays, long WarnDays, long InactiveDays, long ExpireDay);
