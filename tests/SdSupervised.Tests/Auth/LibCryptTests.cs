using System.Text;
using SdSupervised.Supervisor.Auth.System;

namespace SdSupervised.Tests.Auth;

/// <summary>The crypt(3) binding against the system's libcrypt.so.1 (present on every glibc system: libc needs it).</summary>
public sealed class LibCryptTests
{
    [Fact]
    public void Default_setting_hashes_and_a_hash_is_its_own_setting()
    {
        var setting = LibCrypt.DefaultSetting();
        Assert.StartsWith("$", Encoding.ASCII.GetString(setting), StringComparison.Ordinal);

        using var right = NativeSecret.From("correct horse", out _)!;
        using var wrong = NativeSecret.From("correct horsf", out _)!;
        var hash = LibCrypt.Hash(right, setting)!;

        Assert.Equal(hash, LibCrypt.Hash(right, hash));
        Assert.NotEqual(hash, LibCrypt.Hash(wrong, hash));
    }

    [Theory]
    // "secret" in the formats the system writes: SHA-512 from OpenSSL's own implementation (openssl passwd -6 -salt
    // saltsalt), yescrypt at the default cost passwd uses.
    [InlineData("$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1")]
    [InlineData("$y$j9T$F5Jx5fExrKuPp53xLKQ..1$GmcwIgvdUC9qLWcKCi6gklUa1dM3ziD43YxYNURLKy0")]
    public void Known_hashes_verify(string stored)
    {
        using var secret = NativeSecret.From("secret", out _)!;

        Assert.Equal(stored, Encoding.ASCII.GetString(LibCrypt.Hash(secret, Encoding.ASCII.GetBytes(stored))!));
    }

    [Theory]
    [InlineData("!$6$saltsalt$qFmFH.bQmm")]
    [InlineData("$nope$abc")]
    [InlineData("*")]
    public void Settings_libcrypt_cannot_use_give_null(string setting)
    {
        using var secret = NativeSecret.From("secret", out _)!;

        Assert.Null(LibCrypt.Hash(secret, Encoding.ASCII.GetBytes(setting)));
    }
}
