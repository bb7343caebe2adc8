using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// <c>--auth unix</c>: local accounts checked in-process against the shadow database with crypt(3), for members of one
/// group only. Needs read access to /etc/shadow (root, or the service user in group shadow); accounts that live in a
/// directory (SSSD, LDAP) have no shadow entry here and need <c>--auth pam</c>.
/// </summary>
public sealed class UnixShadowPasswordVerifier : ISystemPasswordVerifier
{
    public const string DefaultGroup = "sd-users";
    private const string ShadowPath = "/etc/shadow";

    private readonly string _group;
    private readonly TimeProvider _time;
    private readonly Lazy<string?> _libraryMissing = new(ProbeLibrary);
    // A throwaway setting of the system's default method: unknown and locked users are hashed against it, so they take
    // as long as a wrong password does and timing does not tell which names exist.
    private readonly Lazy<byte[]> _dummySetting = new(LibCrypt.DefaultSetting);

    public UnixShadowPasswordVerifier(string group, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        _group = group;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Method => "unix";

    public string? Unavailable => _libraryMissing.Value ?? ShadowUnreadable();

    public Task<SystemLoginResult> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Unavailable is { } reason)
            return Task.FromResult(SystemLoginResult.Failed(reason));
        // Hashing is CPU (and for yescrypt memory) work of tens of milliseconds: not on the request's thread.
        return Task.Run(() => Verify(username, password), cancellationToken);
    }

    private SystemLoginResult Verify(string username, string password)
    {
        if (!SystemUserName.IsValid(username))
            return SystemLoginResult.Failed("invalid user name");
        using var phrase = NativeSecret.From(password, out var refusal);
        if (phrase is null)
            return SystemLoginResult.Failed(refusal!);

        var user = PosixAccounts.FindUser(username);
        var error = 0;
        var shadow = user is null ? null : PosixAccounts.FindShadow(user.Name, out error);
        if (user is null || shadow is null || shadow.Hash is [] || shadow.Hash[0] is (byte)'!' or (byte)'*')
        {
            LibCrypt.Hash(phrase, _dummySetting.Value);
            if (shadow is not null) CryptographicOperations.ZeroMemory(shadow.Hash);
            return SystemLoginResult.Failed(Unusable(user, shadow, error));
        }

        try
        {
            var computed = LibCrypt.Hash(phrase, shadow.Hash);
            if (computed is null)
                return SystemLoginResult.Failed("the stored hash uses a method libcrypt does not support");
            if (!CryptographicOperations.FixedTimeEquals(computed, shadow.Hash))
                return SystemLoginResult.Failed("wrong password");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shadow.Hash);
        }

        if (ShadowAging.Refusal(shadow, ShadowAging.Today(_time)) is { } aging)
            return SystemLoginResult.Failed(aging);
        return GroupMembership.Check(user, _group);
    }

    private static string Unusable(PosixUser? user, ShadowEntry? shadow, int error) => (user, shadow) switch
    {
        (null, _) => "unknown user",
        (_, null) when error != 0 => $"cannot read the shadow entry: {Marshal.GetPInvokeErrorMessage(error)}",
        (_, null) => "no shadow entry (a directory account? use --auth pam)",
        (_, { Hash: [] }) => "no password set",
        _ => "account locked",
    };

    private static string? ProbeLibrary()
    {
        if (!OperatingSystem.IsLinux())
            return "--auth unix needs Linux (the shadow database and libcrypt); use --auth pam or jwt";
        return NativeLibraryProbe.IsPresent(LibCrypt.Library)
            ? null
            : $"{LibCrypt.Library} is not installed (Debian/Ubuntu: libcrypt1, Fedora/RHEL: libxcrypt)";
    }

    private static string? ShadowUnreadable()
    {
        try
        {
            using var _ = File.OpenHandle(ShadowPath, FileMode.Open, FileAccess.Read);
            return null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"{ShadowPath} does not exist: this system has no local shadow database; use --auth pam";
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            var what = ex is UnauthorizedAccessException ? "is not readable by" : "cannot be opened by";
            return $"{ShadowPath} {what} the service user {Environment.UserName}: run the service as root, add its user to group shadow " +
                   "(systemd: SupplementaryGroups=shadow in a drop-in), or use --auth pam with SSSD/LDAP";
        }
    }
}
