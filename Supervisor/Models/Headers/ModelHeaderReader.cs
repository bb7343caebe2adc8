namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>
/// Picks the reader by content (GGUF magic, zip/pickle signatures) and extension, and turns I/O errors into an
/// invalid result, so one unreadable file never stops a scan.
/// </summary>
public static class ModelHeaderReader
{
    public static readonly IReadOnlySet<string> PickleExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".ckpt", ".pt", ".pth", ".bin" };
    public static readonly IReadOnlySet<string> SafetensorsExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".safetensors", ".sft" };
    public static readonly IReadOnlySet<string> TextExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".json", ".yaml", ".yml", ".txt" };

    public const string PickleReason = "pickle checkpoint: load to find out";

    /// <summary>Opens for a header read: shared with writers (a file being copied in), no big buffer.</summary>
    public static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 64 * 1024,
        });

    public static HeaderReadResult Read(string path)
    {
        try
        {
            using var stream = OpenRead(path);
            return Read(stream, stream.Length, Path.GetExtension(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HeaderReadResult.Bad($"cannot read the file: {ex.Message}");
        }
    }

    public static HeaderReadResult Read(Stream stream, long length, string extension)
    {
        if (TextExtensions.Contains(extension))
            return HeaderReadResult.Ok(ModelHeader.Empty(ModelFileFormat.Text, length));
        if (length == 0)
            return HeaderReadResult.Bad("the file is empty");

        Span<byte> head = stackalloc byte[4];
        var got = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Seek(-got, SeekOrigin.Current);
        var isGguf = got == 4 && BitConverter.ToUInt32(head) == GgufHeaderReader.Magic;

        if (isGguf)
            return GgufHeaderReader.Read(stream, length);
        if (string.Equals(extension, ".gguf", StringComparison.OrdinalIgnoreCase))
            return HeaderReadResult.Bad("gguf: no \"GGUF\" magic at the start of the file");
        if (SafetensorsExtensions.Contains(extension))
            return SafetensorsHeaderReader.Read(stream, length);
        if (PickleExtensions.Contains(extension))
        {
            // A torch zip starts with "PK\x03\x04"; a legacy pickle with the PROTO opcode 0x80.
            var isZip = got >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
            var isPickle = got >= 1 && head[0] == 0x80;
            if (!isZip && !isPickle)
                return HeaderReadResult.Bad("neither a torch zip nor a pickle (no 'PK' or protocol byte at the start)");
            return HeaderReadResult.Ok(ModelHeader.Empty(ModelFileFormat.Pickle, length));
        }
        return HeaderReadResult.Bad($"unknown model file extension '{extension}'");
    }
}
