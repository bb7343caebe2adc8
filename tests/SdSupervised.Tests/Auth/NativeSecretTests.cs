using System.Runtime.InteropServices;
using SdSupervised.Supervisor.Auth.System;

namespace SdSupervised.Tests.Auth;

public sealed unsafe class NativeSecretTests
{
    [Fact]
    public void Password_becomes_zero_terminated_utf8()
    {
        using var secret = NativeSecret.From("pä ss", out var refusal);

        Assert.Null(refusal);
        Assert.Equal("pä ss"u8.ToArray(), MemoryMarshal.CreateReadOnlySpanFromNullTerminated(secret!.Pointer).ToArray());
    }

    [Fact]
    public void Passwords_c_cannot_take_are_refused_with_the_reason()
    {
        Assert.Null(NativeSecret.From("a\0b", out var nul));
        Assert.Contains("NUL", nul, StringComparison.Ordinal);

        Assert.NotNull(NativeSecret.From(new string('a', NativeSecret.MaxBytes), out _));
        // 256 two-byte letters: 512 bytes of UTF-8, one over.
        Assert.Null(NativeSecret.From(new string('ä', 256), out var tooLong));
        Assert.Contains("511 bytes", tooLong, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_secret_cannot_be_read()
    {
        var secret = NativeSecret.From("x", out _)!;
        secret.Dispose();

        Assert.Throws<ObjectDisposedException>(() => (nint)secret.Pointer);
    }
}
