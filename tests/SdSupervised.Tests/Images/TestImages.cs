using System.Buffers.Binary;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Images;

/// <summary>Images with known pixels, and hand-built files for formats Skia cannot encode (GIF, BMP) or headers that lie.</summary>
internal static class TestImages
{
    public static readonly byte[] Red = [255, 0, 0, 255];
    public static readonly byte[] Green = [0, 255, 0, 255];
    public static readonly byte[] Blue = [0, 0, 255, 255];
    public static readonly byte[] White = [255, 255, 255, 255];

    /// <summary>Four solid quadrants: red top-left, green top-right, blue bottom-left, white bottom-right.</summary>
    public static DecodedImage Quadrants(int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var color = (x < width / 2, y < height / 2) switch
            {
                (true, true) => Red,
                (false, true) => Green,
                (true, false) => Blue,
                _ => White,
            };
            color.CopyTo(rgba, (y * width + x) * 4);
        }
        return new DecodedImage(width, height, rgba);
    }

    /// <summary>A gradient where every pixel differs: R = x, G = y, B = x ^ y.</summary>
    public static DecodedImage Gradient(int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 4;
            rgba[i] = (byte)x;
            rgba[i + 1] = (byte)y;
            rgba[i + 2] = (byte)(x ^ y);
            rgba[i + 3] = 255;
        }
        return new DecodedImage(width, height, rgba);
    }

    public static byte[] Pixel(DecodedImage image, int x, int y) => image.Rgba.AsSpan((y * image.Width + x) * 4, 4).ToArray();

    public static bool Near(byte[] actual, byte[] expected, int tolerance) =>
        actual.Length == expected.Length && actual.Zip(expected).All(p => Math.Abs(p.First - p.Second) <= tolerance);

    /// <summary>The smallest GIF: 1x1, one pixel of palette colour 0 = (5, 4, 4).</summary>
    public static byte[] TinyGif => Convert.FromBase64String("R0lGODlhAQABAIAAAAUEBAAAACwAAAAAAQABAAACAkQBADs=");

    /// <summary>A 2x2 24-bit BMP (rows stored bottom-up, BGR): top row red, green; bottom row blue, white.</summary>
    public static byte[] TinyBmp()
    {
        const int rowBytes = 8; // 2 pixels x 3 bytes, padded to 4
        var bmp = new byte[14 + 40 + rowBytes * 2];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 2);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 2);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), rowBytes * 2);
        byte[] bottom = [255, 0, 0, 255, 255, 255, 0, 0]; // blue, white (BGR)
        byte[] top = [0, 0, 255, 0, 255, 0, 0, 0];        // red, green (BGR)
        bottom.CopyTo(bmp, 54);
        top.CopyTo(bmp, 54 + rowBytes);
        return bmp;
    }

    /// <summary>A PNG signature and a valid IHDR claiming <paramref name="width"/> x <paramref name="height"/>, and an empty IDAT: no pixel data at all.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // RGBA
        var png = new List<byte>([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        AddChunk(png, "IHDR", ihdr);
        AddChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]); // an empty zlib stream
        AddChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A JPEG with an EXIF APP1 segment (big-endian TIFF, one IFD entry) carrying <paramref name="orientation"/> (1-8).</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,    // big-endian, first IFD at 8
            0, 1,                                        // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,                // Orientation, SHORT, count 1
            0, (byte)orientation, 0, 0,                  // the value, padded
            0, 0, 0, 0,                                  // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    private static void AddChunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.AddRange(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.AddRange(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB8_8320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
