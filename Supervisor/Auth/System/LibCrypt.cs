using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// crypt(3) from libcrypt.so.1 (libxcrypt on current distributions; every method the system writes, yescrypt <c>$y$</c>,
/// SHA-512 <c>$6$</c>, bcrypt <c>$2b$</c>..., goes through the one call). crypt_r, not crypt: logins run in parallel.
/// </summary>
internal static unsafe partial class LibCrypt
{
    public const string Library = "libcrypt.so.1";

    // sizeof(struct crypt_data) is 32768 in libxcrypt but 131232 in the old glibc libcrypt, which had the same soname;
    // room for either. Zeroed before use, as both require.
    private const nuint CryptDataSize = 256 * 1024;
    private const int GensaltOutputSize = 192;

    [LibraryImport(Library, EntryPoint = "crypt_r")]
    private static partial byte* CryptR(byte* phrase, byte* setting, void* data);

    [LibraryImport(Library, EntryPoint = "crypt_gensalt_rn")]
    private static partial byte* CryptGensaltRn(byte* prefix, nuint count, byte* randomBytes, int randomCount, byte* output, int outputSize);

    /// <summary>
    /// The hash of <paramref name="phrase"/> with the method, cost and salt of <paramref name="setting"/> (a stored hash is
    /// its own setting), or null when libcrypt does not support that method.
    /// </summary>
    public static byte[]? Hash(NativeSecret phrase, ReadOnlySpan<byte> setting)
    {
        var settingZ = new byte[setting.Length + 1];
        setting.CopyTo(settingZ);
        var data = NativeMemory.AllocZeroed(CryptDataSize);
        try
        {
            fixed (byte* settingPointer = settingZ)
            {
                var result = CryptR(phrase.Pointer, settingPointer, data);
                // Failure is NULL (old glibc) or a token starting with '*' (libxcrypt), which no real hash does.
                if (result == null || *result == (byte)'*') return null;
                return MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result).ToArray();
            }
        }
        finally
        {
            // crypt_data keeps a copy of the phrase and the intermediate state.
            NativeMemory.Clear(data, CryptDataSize);
            NativeMemory.Free(data);
        }
    }

    /// <summary>
    /// A setting for the library's default (strongest) method with a fresh salt: what passwd writes on this system, so a
    /// dummy hash costs what a real one does. Old libcrypt lacks crypt_gensalt_rn: SHA-512 then, the older default.
    /// </summary>
    public static byte[] DefaultSetting()
    {
        var output = stackalloc byte[GensaltOutputSize];
        try
        {
            // No prefix: the default method; no random bytes: the library takes them from the kernel.
            var setting = CryptGensaltRn(null, 0, null, 0, output, GensaltOutputSize);
            if (setting != null && *setting != (byte)'*')
                return MemoryMarshal.CreateReadOnlySpanFromNullTerminated(setting).ToArray();
        }
        catch (EntryPointNotFoundException)
        {
        }
        const string saltAlphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return global::System.Text.Encoding.ASCII.GetBytes("$6$" + RandomNumberGenerator.GetString(saltAlphabet, 16) + "$");
    }
}
