using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Auth.System;

internal static class NativeLibraryProbe
{
    /// <summary>True when the dynamic loader finds the library by that soname (the way the P/Invokes will).</summary>
    public static bool IsPresent(string soname)
    {
        if (!NativeLibrary.TryLoad(soname, out var handle)) return false;
        NativeLibrary.Free(handle);
        return true;
    }
}
