using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SdSupervised.IntegrationTests.Packaging;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// Throwaway local accounts for the system password tests, made with the real tools (groupadd, useradd, chpasswd,
/// usermod, chage) under random names, plus PAM service files of their own. Everything is removed afterwards, also when
/// creating it failed half way. Needs root; see <see cref="Unavailable"/>.
/// </summary>
public sealed class SystemAccounts : IAsyncLifetime
{
    private static readonly string[] s_tools = ["groupadd", "groupdel", "useradd", "userdel", "usermod", "chpasswd", "chage"];
    private static readonly Lazy<string?> s_libraries = new(ProbeLibraries);
    private static readonly Lazy<string?> s_unavailable = new(Probe);

    private readonly string _suffix = RandomNumberGenerator.GetHexString(8, lowercase: true);
    private readonly List<string> _createdUsers = [];
    private readonly List<string> _createdServiceFiles = [];
    private bool _groupCreated;

    /// <summary>Null when libpam and libcrypt are here, otherwise what to install.</summary>
    public static string? LibrariesMissing => s_libraries.Value;

    /// <summary>Null when the accounts can be made here, otherwise why not.</summary>
    public static string? Unavailable => s_unavailable.Value;

    /// <summary>Every account's password: spaces and non-ASCII letters, so the UTF-8 path to C is exercised.</summary>
    public string Password { get; } = $"Sd {RandomNumberGenerator.GetHexString(12)} pässwörd";

    /// <summary>The group the verifiers are configured to require.</summary>
    public string Group => $"sds{_suffix}";

    /// <summary>A PAM service (/etc/pam.d/NAME) with pam_unix for auth and account, as the shipped file has through common-*.</summary>
    public string PamService => $"sds-test-{_suffix}";

    /// <summary>A copy of the service file the package installs (packaging/pam/sd-supervised), under a name of its own.</summary>
    public string ShippedPamService => $"sds-test-{_suffix}-shipped";

    /// <summary>A PAM service whose auth module takes ten seconds (pam_exec running sleep), like an unreachable directory.</summary>
    public string HangingPamService => $"sds-test-{_suffix}-hangs";

    /// <summary>In the group as a supplementary member; password hashed with the system's default method (yescrypt).</summary>
    public string Member => UserName("member");

    /// <summary>In the group as a supplementary member; password hashed with SHA-512 ($6$).</summary>
    public string Sha512Member => UserName("sha");

    /// <summary>The group is this account's primary group.</summary>
    public string PrimaryMember => UserName("primary");

    public string Outsider => UserName("outsider");

    /// <summary>A member locked with usermod -L.</summary>
    public string Locked => UserName("locked");

    /// <summary>A member whose account expired on 1970-01-02.</summary>
    public string Expired => UserName("expired");

    /// <summary>A member whose password an administrator marked for change (chage -d 0).</summary>
    public string MustChange => UserName("change");

    public string UnknownUser => UserName("nobody");

    public async Task InitializeAsync()
    {
        if (Unavailable is not null) return;
        try
        {
            _groupCreated = true;
            await AccountTool.RunAsync("groupadd", [Group]);
            await AddUserAsync(Member, "-G", Group);
            await AddUserAsync(Sha512Member, "-G", Group);
            await AddUserAsync(PrimaryMember, "-g", Group);
            await AddUserAsync(Outsider);
            await AddUserAsync(Locked, "-G", Group);
            await AddUserAsync(Expired, "-G", Group, "-e", "1970-01-02");
            await AddUserAsync(MustChange, "-G", Group);

            var lines = _createdUsers.Where(u => u != Sha512Member).Select(u => $"{u}:{Password}\n");
            await AccountTool.RunAsync("chpasswd", [], string.Concat(lines));
            await AccountTool.RunAsync("chpasswd", ["-c", "SHA512"], $"{Sha512Member}:{Password}\n");
            await AccountTool.RunAsync("usermod", ["-L", Locked]);
            await AccountTool.RunAsync("chage", ["-d", "0", MustChange]);

            await AddServiceAsync(PamService, "auth     required  pam_unix.so\naccount  required  pam_unix.so\n");
            await AddServiceAsync(ShippedPamService, await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Locate(), "packaging", "pam", "sd-supervised")));
            await AddServiceAsync(HangingPamService, "auth     required  pam_exec.so quiet /bin/sleep 10\naccount  required  pam_permit.so\n");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The method part of the stored hash ("$y$", "$6$", "!$y$" when locked), read from /etc/shadow as root can.</summary>
    public string StoredHashPrefix(string user)
    {
        var line = File.ReadLines("/etc/shadow").Single(l => l.StartsWith(user + ":", StringComparison.Ordinal));
        var hash = line.Split(':')[1];
        var end = hash.IndexOf('$', hash.IndexOf('$') + 1);
        return end < 0 ? hash : hash[..(end + 1)];
    }

    public async Task DisposeAsync()
    {
        var problems = new List<string>();
        foreach (var path in _createdServiceFiles)
        {
            try { File.Delete(path); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { problems.Add($"{path}: {ex.Message}"); }
        }
        _createdServiceFiles.Clear();
        foreach (var user in _createdUsers.Where(u => Listed("/etc/passwd", u)))
        {
            if (await AccountTool.TryRunAsync("userdel", user) is { } problem) problems.Add(problem);
        }
        _createdUsers.Clear();
        if (_groupCreated && Listed("/etc/group", Group) && await AccountTool.TryRunAsync("groupdel", Group) is { } groupProblem)
            problems.Add(groupProblem);
        _groupCreated = false;
        if (problems.Count > 0)
            throw new XunitException("cleanup of the throwaway accounts failed; remove them by hand:\n" + string.Join('\n', problems));
    }

    private string UserName(string role) => $"sds{_suffix}{role}";

    private async Task AddServiceAsync(string service, string text)
    {
        var path = $"/etc/pam.d/{service}";
        _createdServiceFiles.Add(path);
        await File.WriteAllTextAsync(path, "# Written by the SdSupervised integration tests; removed when they end.\n" + text);
    }

    private async Task AddUserAsync(string name, params string[] options)
    {
        var shell = File.Exists("/usr/sbin/nologin") ? "/usr/sbin/nologin" : "/bin/false";
        // Remembered first: a useradd that fails after writing the account must not leave it behind.
        _createdUsers.Add(name);
        // -M -N: no home and no group of its own, so userdel leaves nothing behind.
        await AccountTool.RunAsync("useradd", ["-M", "-N", "-s", shell, .. options, name]);
    }

    private static bool Listed(string database, string name) =>
        File.ReadLines(database).Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    private static string? ProbeLibraries()
    {
        if (!OperatingSystem.IsLinux())
            return "the system authentication stack is Linux-only";
        foreach (var (library, package) in new[] { ("libpam.so.0", "libpam0g"), ("libcrypt.so.1", "libcrypt1") })
        {
            if (!NativeLibrary.TryLoad(library, out var handle))
                return $"{library} is not installed (Debian: apt-get install {package})";
            NativeLibrary.Free(handle);
        }
        return null;
    }

    private static string? Probe()
    {
        if (LibrariesMissing is { } missing)
            return missing;
        if (!Environment.IsPrivilegedProcess)
            return "creating throwaway system accounts needs root (CI runs the suite as root)";
        if (s_tools.FirstOrDefault(t => !Tools.OnPath(t)) is { } tool)
            return $"{tool} is not installed (Debian: apt-get install passwd)";
        if (!PamUnixInstalled())
            return "pam_unix.so is not installed (Debian: apt-get install libpam-modules)";
        if (!Directory.Exists("/etc/pam.d"))
            return "/etc/pam.d does not exist: this system's PAM is not configured by service files";
        return null;
    }

    private static bool PamUnixInstalled() =>
        new[] { "/lib", "/usr/lib", "/lib64", "/usr/lib64" }
            .Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateDirectories(root).Append(root))
            .Any(dir => File.Exists(Path.Combine(dir, "security", "pam_unix.so")));
}
