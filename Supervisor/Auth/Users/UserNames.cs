using System.Text.RegularExpressions;

namespace SdSupervised.Supervisor.Auth.Users;

/// <summary>What a user or key name may look like: it appears in logs, job owners and URLs.</summary>
public static partial class UserNames
{
    public const string Rule = "1-64 characters: letters, digits, '.', '_', '-' or '@', starting with a letter or digit";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Passwords: long enough to mean something, short enough that hashing one is cheap.</summary>
    public static string? PasswordProblem(string? password) => password switch
    {
        null or { Length: < 8 } => "the password must have at least 8 characters",
        { Length: > 1024 } => "the password must have at most 1024 characters",
        _ => null,
    };
}
