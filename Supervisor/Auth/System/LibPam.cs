using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>The Linux-PAM calls of one authentication transaction (libpam.so.0), with the constants of security/_pam_types.h.</summary>
internal static unsafe partial class LibPam
{
    public const string Library = "libpam.so.0";

    public const int Success = 0;
    public const int BufferError = 5;
    public const int ConversationError = 19;
    public const int NewAuthTokenRequired = 12;

    public const int PromptEchoOff = 1;
    public const int PromptEchoOn = 2;
    public const int ErrorMessage = 3;
    public const int TextInfo = 4;

    /// <summary>Item types for pam_get_item/pam_set_item.</summary>
    public const int ItemUser = 2;
    public const int ItemFailDelay = 10;

    /// <summary>Modules print nothing to the (absent) terminal; an empty password never counts, whatever <c>nullok</c> says.</summary>
    public const int Flags = 0x8000 /* PAM_SILENT */ | 0x1 /* PAM_DISALLOW_NULL_AUTHTOK */;

    /// <summary>struct pam_conv: PAM copies it in pam_start.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Conversation
    {
        public delegate* unmanaged<int, Message**, Response**, nint, int> Converse;
        public nint AppData;
    }

    /// <summary>struct pam_message. Linux-PAM passes an array of pointers to these.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Style;
        public byte* Text;
    }

    /// <summary>struct pam_response: the array and each text are malloc'd by us and freed by PAM.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Response
    {
        public byte* Text;
        public int ReturnCode;
    }

    [LibraryImport(Library, EntryPoint = "pam_start", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Start(string service, string user, Conversation* conversation, nint* handle);

    [LibraryImport(Library, EntryPoint = "pam_set_item")]
    public static partial int SetItem(nint handle, int type, void* value);

    [LibraryImport(Library, EntryPoint = "pam_get_item")]
    public static partial int GetItem(nint handle, int type, void** value);

    [LibraryImport(Library, EntryPoint = "pam_authenticate")]
    public static partial int Authenticate(nint handle, int flags);

    [LibraryImport(Library, EntryPoint = "pam_acct_mgmt")]
    public static partial int AccountManagement(nint handle, int flags);

    [LibraryImport(Library, EntryPoint = "pam_end")]
    public static partial int End(nint handle, int status);

    [LibraryImport(Library, EntryPoint = "pam_strerror")]
    private static partial byte* StrError(nint handle, int status);

    public static string Describe(nint handle, int status) =>
        Marshal.PtrToStringUTF8((nint)StrError(handle, status)) is { Length: > 0 } text ? text : $"PAM error {status}";
}
