using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// <c>--auth pam</c>: passwords checked by a PAM service (default <c>sd-supervised</c>, /etc/pam.d/sd-supervised), so
/// whatever the service's stack does works: pam_unix, SSSD, LDAP, Kerberos. pam_authenticate then pam_acct_mgmt (expired
/// or locked accounts), then the group rule when a group is configured.
/// </summary>
public sealed class PamPasswordVerifier : ISystemPasswordVerifier
{
    public const string DefaultService = "sd-supervised";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    // Enough for a burst of logins; past it, modules that hang (an unreachable directory) cannot pile up threads.
    private const int MaxConcurrentTransactions = 8;
    private static readonly string[] ServiceDirectories = ["/etc/pam.d", "/usr/lib/pam.d"];

    private readonly string _service;
    private readonly string? _group;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots = new(MaxConcurrentTransactions);
    private readonly Lazy<string?> _libraryMissing = new(ProbeLibrary);

    public PamPasswordVerifier(string service, string? group, TimeSpan? timeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _service = service;
        _group = string.IsNullOrWhiteSpace(group) ? null : group;
        _timeout = timeout ?? DefaultTimeout;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Method => "pam";

    public string? Unavailable =>
        !IsFileName(_service) ? $"the PAM service name '{_service}' is not a plain file name (as in /etc/pam.d/NAME)"
        : _libraryMissing.Value ?? ServiceMissing();

    public async Task<SystemLoginResult> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Unavailable is { } reason)
            return SystemLoginResult.Failed(reason);
        if (!SystemUserName.IsValid(username))
            return SystemLoginResult.Failed("invalid user name");
        var secret = NativeSecret.From(password, out var refusal);
        if (secret is null)
            return SystemLoginResult.Failed(refusal!);
        bool admitted;
        try
        {
            admitted = await _slots.WaitAsync(_timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            secret.Dispose();
            throw;
        }
        if (!admitted)
        {
            secret.Dispose();
            return SystemLoginResult.Failed($"{MaxConcurrentTransactions} PAM checks still running after {_timeout.TotalSeconds:0} s (a module hangs?)");
        }

        // PAM calls block (network directories, slow modules) and cannot be interrupted: a thread of their own, which
        // keeps its slot and finishes (pam_end, the password wiped) even when we stop waiting for it.
        var transaction = Task.Factory.StartNew(() =>
        {
            try { return Run(username, secret); }
            finally { _slots.Release(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        (SystemLoginResult Result, TimeSpan FailDelay) outcome;
        try
        {
            outcome = await transaction.WaitAsync(_timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return SystemLoginResult.Failed($"PAM service {_service} did not answer within {_timeout.TotalSeconds:0} s");
        }
        if (outcome.FailDelay > TimeSpan.Zero)
            await Task.Delay(outcome.FailDelay < _timeout ? outcome.FailDelay : _timeout, _time, cancellationToken);
        return outcome.Result;
    }

    private unsafe (SystemLoginResult, TimeSpan) Run(string username, NativeSecret secret)
    {
        using var conversation = new PamConversation(secret);
        try
        {
            var callbacks = new LibPam.Conversation { Converse = PamConversation.ConverseFunction, AppData = conversation.AppData };
            nint handle;
            var status = LibPam.Start(_service, username, &callbacks, &handle);
            if (status != LibPam.Success)
                return (SystemLoginResult.Failed($"pam_start({_service}): {LibPam.Describe(0, status)}"), TimeSpan.Zero);
            try
            {
                LibPam.SetItem(handle, LibPam.ItemFailDelay, PamConversation.FailDelayFunction);
                status = LibPam.Authenticate(handle, LibPam.Flags);
                var step = "pam_authenticate";
                if (status == LibPam.Success)
                {
                    status = LibPam.AccountManagement(handle, LibPam.Flags);
                    step = "pam_acct_mgmt";
                }
                if (status != LibPam.Success)
                    return (SystemLoginResult.Failed(Detail(handle, step, status, conversation.Messages)), conversation.FailDelay);

                // Modules may map the name (case, realm); the groups are the mapped account's.
                var user = PosixAccounts.FindUser(AuthenticatedUser(handle) ?? username);
                return (GroupMembership.Check(user, _group), TimeSpan.Zero);
            }
            finally
            {
                LibPam.End(handle, status);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return (SystemLoginResult.Failed($"PAM is not usable here: {ex.Message}"), TimeSpan.Zero);
        }
    }

    private static string Detail(nint handle, string step, int status, IReadOnlyList<string> messages)
    {
        var text = status == LibPam.NewAuthTokenRequired ? "password expired, it must be changed" : LibPam.Describe(handle, status);
        return messages.Count == 0 ? $"{step}: {text}" : $"{step}: {text} ({string.Join("; ", messages)})";
    }

    private static unsafe string? AuthenticatedUser(nint handle)
    {
        void* item = null;
        return LibPam.GetItem(handle, LibPam.ItemUser, &item) == LibPam.Success && item != null
            ? Marshal.PtrToStringUTF8((nint)item)
            : null;
    }

    private static string? ProbeLibrary()
    {
        if (!OperatingSystem.IsLinux())
            return "--auth pam needs Linux-PAM (libpam.so.0); use --auth jwt or api-key here";
        return NativeLibraryProbe.IsPresent(LibPam.Library)
            ? null
            : $"{LibPam.Library} is not installed (Debian/Ubuntu: libpam0g, Fedora/RHEL: pam)";
    }

    private string? ServiceMissing()
    {
        // Without its file PAM would quietly use the 'other' service, which on Debian allows every valid local password.
        if (ServiceDirectories.Any(dir => File.Exists(Path.Combine(dir, _service))))
            return null;
        return $"the PAM service file /etc/pam.d/{_service} is missing: install the sd-supervised package (or copy " +
               $"packaging/pam/sd-supervised from the sources there{(_service == DefaultService ? "" : $" as {_service}")}), or configure an existing service";
    }

    private static bool IsFileName(string name) =>
        name is not "." and not ".." && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+');
}
