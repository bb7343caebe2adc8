using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Tests.Models;

public sealed class ModelHasherTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sds-hash-" + Guid.NewGuid().ToString("N")[..8]);

    private ModelHasher Hasher() => new(Options.Create(new SupervisorOptions { DataDir = _root }), TimeProvider.System, NullLogger<ModelHasher>.Instance);

    private ModelEntry Entry(byte[] content)
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "m.safetensors");
        File.WriteAllBytes(path, content);
        var info = new FileInfo(path);
        return new ModelEntry { Id = "m.safetensors", Name = "m", RelativePath = "m.safetensors", FullPath = path, Size = info.Length, ModifiedAt = info.LastWriteTimeUtc };
    }

    [Fact]
    public async Task Sha256_and_the_a1111_short_hash_of_a_file_then_from_the_cache_across_restarts()
    {
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(content);
        var expected = Convert.ToHexStringLower(SHA256.HashData(content));
        var entry = Entry(content);

        using (var hasher = Hasher())
        {
            var first = await hasher.HashAsync(entry, TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.Equal(expected, first.Result?.Sha256);
            Assert.Equal(expected[..10], first.Result!.ShortHash);
            Assert.False(first.Cached);
            Assert.True((await hasher.HashAsync(entry, TimeSpan.Zero, CancellationToken.None)).Cached);
        }

        using var restarted = Hasher();
        var again = await restarted.HashAsync(entry, TimeSpan.Zero, CancellationToken.None);
        Assert.True(again.Cached);
        Assert.Equal(expected, again.Result?.Sha256);
    }

    [Fact]
    public async Task A_changed_file_is_hashed_again()
    {
        using var hasher = Hasher();
        var a = await hasher.HashAsync(Entry([1, 2, 3]), TimeSpan.FromSeconds(30), CancellationToken.None);
        var changed = Entry([1, 2, 3, 4]);
        var b = await hasher.HashAsync(changed, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(b.Cached);
        Assert.NotEqual(a.Result!.Sha256, b.Result!.Sha256);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
