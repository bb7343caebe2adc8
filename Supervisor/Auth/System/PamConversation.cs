using System.Runtime.InteropServices;

namespace SdSupervised.Supervisor.Auth.System;

/// <summary>
/// The application side of one PAM transaction: answers the modules' password prompts and keeps what they say. PAM
/// calls back through unmanaged function pointers with a GCHandle to this object as appdata. Owns the password copy and
/// wipes it on dispose.
/// </summary>
internal sealed unsafe partial class PamConversation : IDisposable
{
    // PAM_MAX_NUM_MSG: Linux-PAM never sends more in one call.
    private const int MaxMessages = 32;

    private readonly NativeSecret _password;
    private readonly List<string> _messages = [];
    private GCHandle _self;

    public PamConversation(NativeSecret password)
    {
        _password = password;
        _self = GCHandle.Alloc(this);
    }

    public nint AppData => GCHandle.ToIntPtr(_self);

    /// <summary>What the modules asked for or told the user (PAM_ERROR_MSG, PAM_TEXT_INFO), for the audit log.</summary>
    public IReadOnlyList<string> Messages => _messages;

    /// <summary>The delay the modules asked for after a failure (pam_fail_delay), which the caller waits asynchronously.</summary>
    public TimeSpan FailDelay { get; private set; }

    public static delegate* unmanaged<int, LibPam.Message**, LibPam.Response**, nint, int> ConverseFunction => &Converse;

    /// <summary>
    /// For PAM_FAIL_DELAY: libpam calls it instead of sleeping, so a failed login does not hold a thread for the two
    /// seconds pam_unix asks for.
    /// </summary>
    public static delegate* unmanaged<int, uint, nint, void> FailDelayFunction => &OnFailDelay;

    [LibraryImport("libc", EntryPoint = "calloc")]
    private static partial void* Calloc(nuint count, nuint size);

    [LibraryImport("libc", EntryPoint = "strdup")]
    private static partial byte* StrDup(byte* text);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(void* pointer);

    [UnmanagedCallersOnly]
    private static int Converse(int count, LibPam.Message** messages, LibPam.Response** responses, nint appData)
    {
        if (count <= 0 || count > MaxMessages || messages == null || responses == null)
            return LibPam.ConversationError;
        // PAM frees the array and every answer with free(): they must come from the C heap.
        var replies = (LibPam.Response*)Calloc((nuint)count, (nuint)sizeof(LibPam.Response));
        if (replies == null)
            return LibPam.BufferError;
        try
        {
            var self = (PamConversation)GCHandle.FromIntPtr(appData).Target!;
            for (var i = 0; i < count; i++)
            {
                if (!self.Answer(messages[i], ref replies[i]))
                {
                    Discard(replies, count);
                    return LibPam.ConversationError;
                }
            }
            *responses = replies;
            return LibPam.Success;
        }
        catch (Exception)
        {
            // Nothing may unwind into libpam.
            Discard(replies, count);
            return LibPam.ConversationError;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnFailDelay(int status, uint microseconds, nint appData)
    {
        try
        {
            if (status != LibPam.Success && GCHandle.FromIntPtr(appData).Target is PamConversation self)
                self.FailDelay = TimeSpan.FromMicroseconds(microseconds);
        }
        catch (Exception)
        {
            // Nothing may unwind into libpam; a lost delay only makes one failure quicker.
        }
    }

    private bool Answer(LibPam.Message* message, ref LibPam.Response reply)
    {
        var text = Marshal.PtrToStringUTF8((nint)message->Text) ?? "";
        switch (message->Style)
        {
            case LibPam.PromptEchoOff:
                // Every hidden prompt gets the password, as sshd's password conversation does: a stack whose second
                // module prompts again (no use_first_pass) still works.
                reply.Text = StrDup(_password.Pointer);
                return reply.Text != null;
            case LibPam.PromptEchoOn:
                _messages.Add($"PAM asked \"{text}\" (echo on), which a password login cannot answer");
                return false;
            case LibPam.ErrorMessage:
            case LibPam.TextInfo:
                if (text.Length > 0) _messages.Add(text.Trim());
                return true;
            default:
                _messages.Add($"PAM sent a message of unknown style {message->Style}");
                return false;
        }
    }

    private static void Discard(LibPam.Response* replies, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (replies[i].Text == null) continue;
            var length = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(replies[i].Text).Length;
            NativeMemory.Clear(replies[i].Text, (nuint)length);
            Free(replies[i].Text);
        }
        Free(replies);
    }

    public void Dispose()
    {
        if (_self.IsAllocated) _self.Free();
        _password.Dispose();
    }
}
