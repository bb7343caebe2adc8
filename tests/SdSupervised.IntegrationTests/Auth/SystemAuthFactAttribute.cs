namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// A fact that needs the real system authentication stack: Linux, libpam and libcrypt, and (unless
/// <c>needsRoot: false</c>) root and the shadow tools to create throwaway accounts; with <c>needsDebianPam</c> also
/// Debian's common-auth and common-account, which the shipped PAM service includes. Skipped with the reason otherwise,
/// decided at discovery so the summary counts it as skipped.
/// </summary>
public sealed class SystemAuthFactAttribute : FactAttribute
{
    public SystemAuthFactAttribute(bool needsRoot = true, bool needsDebianPam = false)
    {
        if ((needsRoot ? SystemAccounts.Unavailable : SystemAccounts.LibrariesMissing) is { } why)
            Skip = why;
        else if (needsDebianPam && !File.Exists("/etc/pam.d/common-auth") || needsDebianPam && !File.Exists("/etc/pam.d/common-account"))
            Skip = "the shipped PAM service includes Debian's /etc/pam.d/common-auth and common-account, which this system lacks";
    }
}
