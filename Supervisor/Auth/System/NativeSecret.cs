using System.Runtime.InteropServices;
using System.Text;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// A password as a zero-terminated UTF-8 string in native memory, for crypt(3) and PAM. Encoded straight into memory the
/// garbage collector never moves or copies, and overwritten with zeros on dispose, so no stray copy of the bytes outlives
/// the check (the caller's managed string is beyond our reach).
/// </summary>
internal sealed unsafe class NativeSecret : IDisposable
{
    /// <summary>libxcrypt refuses longer phrases (CRYPT_MAX_PASSPHRASE_SIZE 512, with the terminator) and PAM answers are capped alike.</summary>
    public const int MaxBytes = 511;

    private byte* _bytes;
    private readonly nuint _size;

    private NativeSecret(byte* bytes, nuint size)
    {
        _bytes = bytes;
        _size = size;
    }

    public byte* Pointer => _bytes != null ? _bytes : throw new ObjectDisposedException(nameof(NativeSecret));

    /// <summary>The copy, or null with the reason (for the audit log) when the text cannot be passed to C: a NUL inside, or too long.</summary>
    public static NativeSecret? From(string text, out string? refusal)
    {
        if (text.Contains('\0'))
        {
            refusal = "the password contains a NUL character";
            return null;
        }
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > MaxBytes)
        {
            refusal = $"the password is longer than {MaxBytes} bytes";
            return null;
        }
        var size = (nuint)length + 1;
        var bytes = (byte*)NativeMemory.AllocZeroed(size);
        Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, length));
        refusal = null;
        return new NativeSecret(bytes, size);
    }

    public void Dispose()
    {
        if (_bytes == null) return;
        NativeMemory.Clear(_bytes, _size);
        NativeMemory.Free(_bytes);
        _bytes = null;
    }
}
