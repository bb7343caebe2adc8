using System.Buffers.Binary;
using System.Text;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// Adds a text chunk to an encoded PNG, the way A1111 (PIL) stores its <c>parameters</c>:
/// <c>tEXt</c> when the text is Latin-1, otherwise <c>iTXt</c> with uncompressed UTF-8.
/// </summary>
internal static class PngTextChunk
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>
    /// Returns <paramref name="png"/> with the chunk inserted right after IHDR, so readers that stop
    /// early (or stream the file) still find the parameters before the image data.
    /// </summary>
    public static byte[] InsertAfterHeader(ReadOnlySpan<byte> png, string keyword, string text)
    {
        if (png.Length < Signature.Length + 12 || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new ArgumentException("Not a PNG stream.", nameof(png));
        }

        var ihdrLength = BinaryPrimitives.ReadUInt32BigEndian(png[Signature.Length..]);
        if (!png.Slice(Signature.Length + 4, 4).SequenceEqual("IHDR"u8) || ihdrLength != 13)
        {
            throw new ArgumentException("PNG stream does not start with a valid IHDR chunk.", nameof(png));
        }

        var insertAt = Signature.Length + 12 + (int)ihdrLength;
        var chunk = Build(keyword, text);
        var result = new byte[png.Length + chunk.Length];
        png[..insertAt].CopyTo(result);
        chunk.CopyTo(result.AsSpan(insertAt));
        png[insertAt..].CopyTo(result.AsSpan(insertAt + chunk.Length));
        return result;
    }

    /// <summary>A complete chunk (length, type, data, CRC) holding <paramref name="text"/>.</summary>
    public static byte[] Build(string keyword, string text)
    {
        if (keyword.Length is < 1 or > 79 || !IsLatin1Text(keyword) || keyword.Contains('\n'))
        {
            throw new ArgumentException("A PNG text keyword is 1-79 printable Latin-1 characters.", nameof(keyword));
        }

        // Neither chunk type can hold NUL (it separates fields); a prompt never needs one.
        text = text.Replace("\0", "", StringComparison.Ordinal);

        byte[] type;
        byte[] data;
        var keywordBytes = Latin1.GetBytes(keyword);
        if (IsLatin1Text(text))
        {
            type = "tEXt"u8.ToArray();
            var textBytes = Latin1.GetBytes(text);
            data = [.. keywordBytes, 0, .. textBytes];
        }
        else
        {
            type = "iTXt"u8.ToArray();
            var textBytes = Encoding.UTF8.GetBytes(text);
            // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, text.
            data = [.. keywordBytes, 0, 0, 0, 0, 0, .. textBytes];
        }

        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        type.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        var crc = Crc32.Compute(chunk.AsSpan(4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), crc);
        return chunk;
    }

    /// <summary>
    /// Text tEXt may carry: Latin-1 without the C1 control range (0x7F-0x9F), which the PNG spec
    /// excludes; anything else (CJK, emoji, curly quotes) goes to iTXt.
    /// </summary>
    internal static bool IsLatin1Text(string text)
    {
        foreach (var c in text)
        {
            if (c > 0xFF || c is >= '\u007F' and <= '\u009F')
            {
                return false;
            }
        }

        return true;
    }
}
