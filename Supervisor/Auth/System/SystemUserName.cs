namespace SdSupervised.Supervisor.Auth.System;

internal static class SystemUserName
{
    private const int MaxLength = 256;

    /// <summary>
    /// False for names no account can have and that would confuse C or the passwd format: empty, too long, with a NUL,
    /// another control character, ':' or '/', or a leading '-' (taken for an option by the tools).
    /// </summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength
        && name[0] != '-'
        && !name.Any(c => char.IsControl(c) || c is ':' or '/');
}
