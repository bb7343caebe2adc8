using System.Runtime.InteropServices;
using System.Text;

namespace SdSupervised.Worker.Native;

/// <summary>
/// Native memory for exactly one library call: UTF-8 strings, arrays and pixel buffers the structs point
/// at. Nothing moves (no pinning needed) and everything is freed together when the call is over.
/// Not thread-safe; one arena per call.
/// </summary>
public sealed unsafe class NativeArena : IDisposable
{
    private readonly List<nint> _blocks = [];
    private bool _disposed;

    /// <summary>Bytes handed out so far (tests and the log use it).</summary>
    public long AllocatedBytes { get; private set; }

    /// <summary>A NUL-terminated UTF-8 copy, or null for null. An embedded NUL would silently cut the string short, so it is refused.</summary>
    public byte* Utf8(string? value)
    {
        if (value is null)
            return null;
        if (value.Contains('\0'))
            throw new ArgumentException("a string passed to the native library cannot contain a NUL character", nameof(value));
        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = (byte*)Allocate(length + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(buffer, length));
        buffer[length] = 0;
        return buffer;
    }

    /// <summary>A copy of <paramref name="values"/>, or null when it is empty (the C side then sees a null pointer and a zero count).</summary>
    public T* Array<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (values.IsEmpty)
            return null;
        var buffer = (T*)Allocate(checked(values.Length * sizeof(T)));
        values.CopyTo(new Span<T>(buffer, values.Length));
        return buffer;
    }

    /// <summary>Zeroed memory for <paramref name="count"/> values.</summary>
    public T* Zeroed<T>(int count)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var buffer = Allocate(checked(count * sizeof(T)));
        NativeMemory.Clear(buffer, (nuint)(count * sizeof(T)));
        return (T*)buffer;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var block in _blocks)
            NativeMemory.Free((void*)block);
        _blocks.Clear();
    }

    private void* Allocate(int bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var block = NativeMemory.Alloc((nuint)Math.Max(bytes, 1));
        _blocks.Add((nint)block);
        AllocatedBytes += bytes;
        return block;
    }
}
