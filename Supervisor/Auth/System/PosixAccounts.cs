using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// The reentrant libc look-ups of users, shadow entries and groups (getpwnam_r, getspnam_r, getgrnam_r, getgrgid_r,
/// getgrouplist). They go through NSS, so directory accounts (SSSD, LDAP) are found as well as /etc/passwd ones.
/// Struct layouts are glibc's and musl's on 64- and 32-bit Linux: C long is pointer-sized there.
/// </summary>
internal static unsafe partial class PosixAccounts
{
    private const string Library = "libc";
    private const int ENOENT = 2;
    private const int ERANGE = 34;
    private const nuint FirstBufferSize = 1024;
    // A group with thousands of members can need a big buffer; past this something is wrong with the name service.
    private const nuint MaxBufferSize = 4 * 1024 * 1024;

    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public byte* Name;
        public byte* Password;
        public uint Uid;
        public uint Gid;
        public byte* Gecos;
        public byte* Dir;
        public byte* Shell;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Spwd
    {
        public byte* Name;
        public byte* Password;
        public nint LastChange;
        public nint Min;
        public nint Max;
        public nint Warn;
        public nint Inactive;
        public nint Expire;
        public nuint Flag;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Group
    {
        public byte* Name;
        public byte* Password;
        public uint Gid;
        public byte** Members;
    }

    private delegate int Lookup<TEntry>(TEntry* entry, byte* buffer, nuint size, TEntry** result) where TEntry : unmanaged;

    [LibraryImport(Library, EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPwNam(string name, Passwd* entry, byte* buffer, nuint size, Passwd** result);

    [LibraryImport(Library, EntryPoint = "getspnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetSpNam(string name, Spwd* entry, byte* buffer, nuint size, Spwd** result);

    [LibraryImport(Library, EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGrNam(string name, Group* entry, byte* buffer, nuint size, Group** result);

    [LibraryImport(Library, EntryPoint = "getgrgid_r")]
    private static partial int GetGrGid(uint gid, Group* entry, byte* buffer, nuint size, Group** result);

    [LibraryImport(Library, EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGroupList(string user, uint group, uint* groups, int* count);

    /// <summary>The account, or null when the name service does not know it.</summary>
    public static PosixUser? FindUser(string name) =>
        Find<Passwd, PosixUser>((e, b, s, r) => GetPwNam(name, e, b, s, r),
            p => new PosixUser(Text(p.Name) ?? name, p.Uid, p.Gid), out _);

    /// <summary>The shadow entry, or null with <paramref name="error"/> 0 when there is none, or the error number (EACCES: shadow not readable).</summary>
    public static ShadowEntry? FindShadow(string name, out int error) =>
        Find<Spwd, ShadowEntry>((e, b, s, r) => GetSpNam(name, e, b, s, r),
            s => new ShadowEntry(Bytes(s.Password), s.LastChange, s.Min, s.Max, s.Warn, s.Inactive, s.Expire), out error);

    public static uint? FindGroupId(string name) =>
        Find<Group, uint?>((e, b, s, r) => GetGrNam(name, e, b, s, r), g => g.Gid, out _);

    /// <summary>The names of these groups; a gid with no name shows as its number.</summary>
    public static IReadOnlyList<string> GroupNames(IEnumerable<uint> gids)
    {
        var names = new List<string>();
        foreach (var gid in gids)
        {
            var name = Find<Group, string>((e, b, s, r) => GetGrGid(gid, e, b, s, r), g => Text(g.Name) ?? "", out _);
            names.Add(string.IsNullOrEmpty(name) ? gid.ToString(global::System.Globalization.CultureInfo.InvariantCulture) : name);
        }
        return names;
    }

    /// <summary>Primary and supplementary groups (getgrouplist puts the primary group in the list itself).</summary>
    public static IReadOnlyList<uint> GroupIds(PosixUser user)
    {
        var count = 32;
        while (true)
        {
            var groups = new uint[count];
            var found = count;
            fixed (uint* pointer = groups)
            {
                if (GetGroupList(user.Name, user.PrimaryGid, pointer, &found) >= 0)
                    return groups.AsSpan(0, found).ToArray();
            }
            // -1: the array was too small; glibc says how many there are, other libcs may not.
            count = found > count ? found : count * 2;
            if (count > 65536) return [user.PrimaryGid];
        }
    }

    private static TResult? Find<TEntry, TResult>(Lookup<TEntry> lookup, Func<TEntry, TResult> read, out int error)
        where TEntry : unmanaged
    {
        for (var size = FirstBufferSize; ; size *= 2)
        {
            var buffer = (byte*)NativeMemory.Alloc(size);
            try
            {
                TEntry entry;
                TEntry* result = null;
                error = lookup(&entry, buffer, size, &result);
                if (error == ERANGE && size < MaxBufferSize) continue;
                if (error == ENOENT) error = 0; // some NSS modules say "not found" this way
                return error == 0 && result != null ? read(entry) : default;
            }
            finally
            {
                // The buffer held a password hash for shadow look-ups.
                NativeMemory.Clear(buffer, size);
                NativeMemory.Free(buffer);
            }
        }
    }

    private static string? Text(byte* value) => value == null ? null : Marshal.PtrToStringUTF8((nint)value);

    private static byte[] Bytes(byte* value) => value == null ? [] : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value).ToArray();
}
