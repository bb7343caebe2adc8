using System.Security.Cryptography;
using System.Text;

namespace SdSupervised.Supervisor.Auth.Keys;

/// <summary>
/// Keys look like <c>sds_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the secret (32 random bytes) is checked
/// against its SHA-256 with a constant-time compare. A key this random needs no slow KDF; the prefix tells a key
/// from a JWT at a glance (and to secret scanners).
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "sds_";
    private const int IdLength = 12;

    public static (string Id, string Key) New()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    public static bool LooksLikeKey(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>The id of a well-formed key, else null.</summary>
    public static string? IdOf(string key)
    {
        if (!LooksLikeKey(key) || key.Length < Prefix.Length + IdLength + 2 || key[Prefix.Length + IdLength] != '_') return null;
        var id = key.Substring(Prefix.Length, IdLength);
        return id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string key, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
