using System.Text;

namespace SdSupervised.Supervisor.Images;

/// <summary>
/// Recognises an input image by its first bytes, never by a name or a Content-Type: a server can label HTML
/// as image/png, and only formats we mean to accept may reach the native decoder.
/// </summary>
public static class ImageSniffer
{
    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static SourceImageFormat? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(Png)) return SourceImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return SourceImageFormat.Jpeg;
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8)) return SourceImageFormat.Webp;
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)) return SourceImageFormat.Gif;
        if (data.Length >= 14 && data.StartsWith("BM"u8)) return SourceImageFormat.Bmp;
        return null;
    }

    /// <summary>A short description of unrecognised data for the refusal message: text is quoted, binary shown as hex.</summary>
    public static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "it is empty";
        var head = data[..Math.Min(data.Length, 16)];
        var trimmed = data.TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'<') return "it looks like HTML or XML";
        if (trimmed.Length > 0 && trimmed[0] is (byte)'{' or (byte)'[') return "it looks like JSON";
        var printable = true;
        foreach (var b in head) printable &= b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\r' or (byte)'\n';
        return printable
            ? $"it starts with text \"{Encoding.ASCII.GetString(head).ReplaceLineEndings(" ")}\""
            : $"it starts with bytes {Convert.ToHexString(head)}";
    }
}
