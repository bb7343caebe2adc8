using System.Buffers.Binary;
using System.Text;

namespace SdSupervised.Tests.Outputs;

/// <summary>
/// Test-side PNG chunk reader, independent of the production code: it checks the signature and
/// every chunk's CRC with a bit-by-bit CRC-32, and decodes tEXt/iTXt text chunks.
/// </summary>
internal static class PngChunkReader
{
    public sealed record Chunk(string Type, byte[] Data);

    public static IReadOnlyList<Chunk> ReadChunks(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "PNG signature");

        var chunks = new List<Chunk>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset)));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            var computed = BitwiseCrc32(png.AsSpan(offset + 4, 4 + length));
            Assert.True(stored == computed, $"CRC of chunk {type} at {offset}: stored {stored:X8}, computed {computed:X8}");
            chunks.Add(new Chunk(type, data));
            offset += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        return chunks;
    }

    /// <summary>Keyword → text of every tEXt and (uncompressed) iTXt chunk, with the chunk type.</summary>
    public static IReadOnlyList<(string Type, string Keyword, string Text)> ReadTexts(byte[] png)
    {
        var texts = new List<(string, string, string)>();
        foreach (var chunk in ReadChunks(png))
        {
            var nul = Array.IndexOf(chunk.Data, (byte)0);
            if (chunk.Type == "tEXt")
            {
                texts.Add(("tEXt", Encoding.Latin1.GetString(chunk.Data, 0, nul), Encoding.Latin1.GetString(chunk.Data, nul + 1, chunk.Data.Length - nul - 1)));
            }
            else if (chunk.Type == "iTXt")
            {
                var keyword = Encoding.Latin1.GetString(chunk.Data, 0, nul);
                Assert.Equal(0, chunk.Data[nul + 1]); // uncompressed
                Assert.Equal(0, chunk.Data[nul + 2]); // method
                var language = Array.IndexOf(chunk.Data, (byte)0, nul + 3);
                var translated = Array.IndexOf(chunk.Data, (byte)0, language + 1);
                texts.Add(("iTXt", keyword, Encoding.UTF8.GetString(chunk.Data, translated + 1, chunk.Data.Length - translated - 1)));
            }
        }

        return texts;
    }

    /// <summary>IHDR colour type: 0 gray, 2 RGB, 6 RGBA.</summary>
    public static int ColorType(byte[] png) => ReadChunks(png)[0].Data[9];

    public static int BitDepth(byte[] png) => ReadChunks(png)[0].Data[8];

    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
