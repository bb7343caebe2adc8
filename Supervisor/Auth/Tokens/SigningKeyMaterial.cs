using System.Security.Cryptography;
using System.Text;

namespace SdSupervised.Supervisor.Auth.Tokens;

/// <summary>The HMAC key that signs access tokens: from <c>Sds:Auth:SigningKey</c>, or generated once into the data dir.</summary>
public static class SigningKeyMaterial
{
    public const string FileName = "auth-signing.key";
    private const int MinimumBytes = 32;

    /// <summary>The configured key's bytes (text, or <c>base64:...</c>), or null when it is too short or not base64.</summary>
    public static byte[]? Decode(string configured)
    {
        byte[] bytes;
        if (configured.StartsWith("base64:", StringComparison.Ordinal))
        {
            try { bytes = Convert.FromBase64String(configured["base64:".Length..]); }
            catch (FormatException) { return null; }
        }
        else bytes = Encoding.UTF8.GetBytes(configured);
        return bytes.Length >= MinimumBytes ? bytes : null;
    }

    /// <summary>
    /// Reads <c>&lt;data-dir&gt;/auth-signing.key</c>, creating it (mode 0600, created with that mode so it is never readable
    /// by others even for a moment) when missing. Tokens stay valid across restarts; deleting the file logs everyone out.
    /// </summary>
    public static byte[] LoadOrCreate(string dataDir)
    {
        var path = Path.Combine(Path.GetFullPath(dataDir), FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length >= MinimumBytes) return existing;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temp, options))
        {
            file.Write(key);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return key;
    }
}
