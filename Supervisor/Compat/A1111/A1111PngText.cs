using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The text chunks (tEXt, zTXt, iTXt) of a PNG by keyword: where A1111 and this server keep <c>parameters</c>.</summary>
public static class A1111PngText
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Empty for anything that is not a PNG; a damaged chunk ends the reading, keeping what came before it.</summary>
    public static IReadOnlyDictionary<string, string> Read(ReadOnlySpan<byte> png)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            return result;
        var pos = Signature.Length;
        while (pos + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length)
                break;
            var type = png.Slice(pos + 4, 4);
            var data = png.Slice(pos + 8, (int)length);
            if (type.SequenceEqual("IEND"u8))
                break;
            try
            {
                if (type.SequenceEqual("tEXt"u8))
                    AddText(result, data);
                else if (type.SequenceEqual("zTXt"u8))
                    AddCompressedText(result, data);
                else if (type.SequenceEqual("iTXt"u8))
                    AddInternationalText(result, data);
            }
            catch (InvalidDataException)
            {
                // A chunk that does not inflate is skipped; the others are still worth reading.
            }
            pos += 12 + (int)length;
        }
        return result;
    }

    private static void AddText(Dictionary<string, string> result, ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul > 0)
            result[Encoding.Latin1.GetString(data[..nul])] = Encoding.Latin1.GetString(data[(nul + 1)..]);
    }

    private static void AddCompressedText(Dictionary<string, string> result, ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul > 0 && nul + 2 <= data.Length)
            result[Encoding.Latin1.GetString(data[..nul])] = Encoding.Latin1.GetString(Inflate(data[(nul + 2)..]));
    }

    private static void AddInternationalText(Dictionary<string, string> result, ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul <= 0 || nul + 3 > data.Length)
            return;
        var keyword = Encoding.Latin1.GetString(data[..nul]);
        var compressed = data[nul + 1] == 1;
        var rest = data[(nul + 3)..];
        var languageEnd = rest.IndexOf((byte)0);
        if (languageEnd < 0)
            return;
        rest = rest[(languageEnd + 1)..];
        var translatedEnd = rest.IndexOf((byte)0);
        if (translatedEnd < 0)
            return;
        var text = rest[(translatedEnd + 1)..];
        result[keyword] = Encoding.UTF8.GetString(compressed ? Inflate(text) : text.ToArray());
    }

    private static byte[] Inflate(ReadOnlySpan<byte> zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib.ToArray()), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
