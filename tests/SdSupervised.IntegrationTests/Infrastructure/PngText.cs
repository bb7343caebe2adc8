using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>Reads a PNG's text chunks (tEXt, zTXt, iTXt) by keyword, straight from the bytes.</summary>
public static class PngText
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool IsPng(byte[] bytes) => bytes.Length > 8 && bytes.AsSpan(0, 8).SequenceEqual(Signature);

    public static IReadOnlyDictionary<string, string> Read(byte[] png)
    {
        if (!IsPng(png)) throw new InvalidDataException("not a PNG (bad signature)");
        var result = new Dictionary<string, string>();
        var pos = 8;
        while (pos + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            if (pos + 12 + length > png.Length) break;
            var data = png.AsSpan(pos + 8, length);
            switch (type)
            {
                case "tEXt": AddText(result, data); break;
                case "zTXt": AddZText(result, data); break;
                case "iTXt": AddIText(result, data); break;
                case "IEND": return result;
            }
            pos += 12 + length;
        }
        return result;
    }

    private static void AddText(Dictionary<string, string> result, ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 0) return;
        result[Encoding.Latin1.GetString(data[..nul])] = Encoding.Latin1.GetString(data[(nul + 1)..]);
    }

    private static void AddZText(Dictionary<string, string> result, ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 0 || nul + 2 > data.Length) return;
        result[Encoding.Latin1.GetString(data[..nul])] = Encoding.Latin1.GetString(Inflate(data[(nul + 2)..].ToArray()));
    }

    private static void AddIText(Dictionary<string, string> result, ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 0 || nul + 3 > data.Length) return;
        var keyword = Encoding.Latin1.GetString(data[..nul]);
        var compressed = data[nul + 1] == 1;
        var rest = data[(nul + 3)..];
        var langEnd = rest.IndexOf((byte)0);
        if (langEnd < 0) return;
        rest = rest[(langEnd + 1)..];
        var translatedEnd = rest.IndexOf((byte)0);
        if (translatedEnd < 0) return;
        var text = rest[(translatedEnd + 1)..].ToArray();
        result[keyword] = Encoding.UTF8.GetString(compressed ? Inflate(text) : text);
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
