using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SdSupervised.Supervisor.Auth.Keys;
using SdSupervised.Supervisor.Auth.Storage;
using SdSupervised.Supervisor.Auth.Users;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Hosting;

namespace SdSupervised.Supervisor.Auth.Cli;

/// <summary>
/// <c>sd-supervised keys create|list|revoke</c> and <c>sd-supervised users add|list|delete|passwd</c>: manage keys and users
/// in the data dir's <c>auth.db</c>, also while the server runs (it reads the database at every request, so a revoked key is
/// refused at once). The data dir comes from the same configuration the server reads: appsettings.json, <c>--config</c>,
/// <c>SDS__</c> variables, <c>--data-dir</c>.
/// </summary>
public static class AdminCommand
{
    public const string Usage = """
        Usage:
          sd-supervised keys create --name NAME [--role user|admin] [--expires-days N]   prints the key once
          sd-supervised keys list
          sd-supervised keys revoke ID
          sd-supervised users add NAME [--role user|admin]     password from a prompt, or one line of stdin
          sd-supervised users list
          sd-supervised users delete NAME
          sd-supervised users passwd NAME
        Each also takes --data-dir DIR and --config FILE, as the server does.
        """;

    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && args[0] is "keys" or "users";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var (positional, flags, others) = Split(args.Skip(1).ToList());
        var parsed = CommandLine.Parse(others);
        if (parsed.ShowHelp)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        if (parsed.Error is not null || positional.Count == 0)
        {
            await error.WriteLineAsync(parsed.Error is null ? Usage : $"{parsed.Error}\n{Usage}");
            return 2;
        }
        var options = SupervisorConfiguration.Build(parsed).GetSection(SupervisorOptions.SectionName).Get<SupervisorOptions>() ?? new SupervisorOptions();
        var store = new AuthStore(options.DataDir);
        await store.InitializeAsync(ct);
        var time = TimeProvider.System;
        var verb = positional[0];
        var target = positional.Count > 1 ? positional[1] : null;
        var role = flags.GetValueOrDefault("--role") ?? Roles.User;
        if (!Roles.IsKnown(role))
            return await Fail($"--role must be admin or user (got '{role}')");

        switch (args[0], verb)
        {
            case ("keys", "create"):
            {
                if (flags.GetValueOrDefault("--name") is not { } name || !UserNames.IsValid(name))
                    return await Fail($"keys create needs --name NAME ({UserNames.Rule})");
                DateTimeOffset? expires = null;
                if (flags.GetValueOrDefault("--expires-days") is { } days)
                {
                    if (!int.TryParse(days, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 3650)
                        return await Fail("--expires-days must be 1-3650");
                    expires = time.GetUtcNow().AddDays(d);
                }
                var created = await new ApiKeyService(store, time, NullLogger<ApiKeyService>.Instance).CreateAsync(name, role, expires, "shell", ct);
                await output.WriteLineAsync(created.Key);
                await error.WriteLineAsync($"key {created.Info.Id} for '{name}' ({role}){(expires is null ? "" : $", expires {expires:u}")}: shown once, store it now");
                return 0;
            }
            case ("keys", "list"):
                foreach (var k in await store.ListKeysAsync(ct))
                    await output.WriteLineAsync(string.Join('\t', k.Id, k.Name, k.Role, State(k, time.GetUtcNow()),
                        $"created {k.CreatedAt:u}", k.ExpiresAt is { } e ? $"expires {e:u}" : "no expiry", k.LastUsedAt is { } u ? $"last used {u:u}" : "never used"));
                return 0;
            case ("keys", "revoke") when target is not null:
                if (!await new ApiKeyService(store, time, NullLogger<ApiKeyService>.Instance).RevokeAsync(target, "shell", ct))
                    return await Fail($"no active key '{target}'");
                await output.WriteLineAsync($"revoked {target}");
                return 0;
            case ("users", "add") when target is not null:
            {
                var password = await ReadPasswordAsync(input, error, confirm: true);
                if (password is null) return await Fail("no password given");
                var (outcome, problem) = await Users(store, time).AddAsync(target, role, password, "shell", ct);
                if (outcome != UserService.AddOutcome.Added) return await Fail(problem!);
                await output.WriteLineAsync($"added {target} ({role})");
                return 0;
            }
            case ("users", "list"):
                foreach (var u in await store.ListUsersAsync(ct))
                    await output.WriteLineAsync(string.Join('\t', u.Name, u.Role, $"created {u.CreatedAt:u}"));
                return 0;
            case ("users", "delete") when target is not null:
                if (!await Users(store, time).DeleteAsync(target, "shell", ct)) return await Fail($"no user '{target}'");
                await output.WriteLineAsync($"deleted {target}");
                return 0;
            case ("users", "passwd") when target is not null:
            {
                var password = await ReadPasswordAsync(input, error, confirm: true);
                if (password is null) return await Fail("no password given");
                if (await Users(store, time).SetPasswordAsync(target, password, "shell", ct) is { } problem) return await Fail(problem);
                await output.WriteLineAsync($"password of {target} changed; their sessions are ended");
                return 0;
            }
            default:
                return await Fail($"unknown command '{args[0]} {string.Join(' ', positional)}'");
        }

        async Task<int> Fail(string message)
        {
            await error.WriteLineAsync($"sd-supervised {args[0]}: {message}");
            return 1;
        }
    }

    private static UserService Users(AuthStore store, TimeProvider time) => new(store, time, NullLogger<UserService>.Instance);

    private static string State(ApiKeyRecord key, DateTimeOffset now) =>
        key.RevokedAt is not null ? "revoked" : key.ExpiresAt is { } e && e <= now ? "expired" : "active";

    private static readonly HashSet<string> OwnFlags = ["--name", "--role", "--expires-days"];

    /// <summary>Positional words, this command's own flags, and the others (server options such as --data-dir) for the server's parser.</summary>
    private static (List<string> Positional, Dictionary<string, string> Flags, List<string> Others) Split(List<string> args)
    {
        var positional = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[..eq] : arg;
            if (OwnFlags.Contains(name))
            {
                if (eq > 0) flags[name] = arg[(eq + 1)..];
                else if (i + 1 < args.Count) flags[name] = args[++i];
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                rest.Add(arg);
                if (eq < 0 && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) rest.Add(args[++i]);
            }
            else positional.Add(arg);
        }
        return (positional, flags, rest);
    }

    /// <summary>From a terminal: asked twice without echo. Piped: the first line of stdin (scripts, tests).</summary>
    private static async Task<string?> ReadPasswordAsync(TextReader input, TextWriter error, bool confirm)
    {
        if (Console.IsInputRedirected || !ReferenceEquals(input, Console.In))
            return (await input.ReadLineAsync())?.TrimEnd('\r') is { Length: > 0 } line ? line : null;
        var first = ReadHidden(error, "Password: ");
        if (!confirm) return first;
        var second = ReadHidden(error, "Again: ");
        if (first != second)
        {
            await error.WriteLineAsync("the passwords differ");
            return null;
        }
        return first.Length > 0 ? first : null;
    }

    private static string ReadHidden(TextWriter error, string prompt)
    {
        error.Write(prompt);
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
            else if (!char.IsControl(key.KeyChar)) chars.Add(key.KeyChar);
        }
        error.WriteLine();
        return new string([.. chars]);
    }
}
