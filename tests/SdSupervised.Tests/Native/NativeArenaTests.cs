using System.Runtime.InteropServices;
using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

public sealed unsafe class NativeArenaTests
{
    [Fact]
    public void Null_string_is_a_null_pointer_and_empty_array_too()
    {
        using var arena = new NativeArena();

        Assert.True(arena.Utf8(null) is null);
        Assert.True(arena.Array<int>([]) is null);
        Assert.Equal("", Marshal.PtrToStringUTF8((nint)arena.Utf8("")));
    }

    [Fact]
    public void Using_an_arena_after_dispose_throws_instead_of_leaking()
    {
        var arena = new NativeArena();
        arena.Utf8("x");
        arena.Dispose();

        Assert.Throws<ObjectDisposedException>(() => arena.Utf8("y"));
    }
}
