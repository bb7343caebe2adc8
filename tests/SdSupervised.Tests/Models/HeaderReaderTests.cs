using System.Text;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Tests.Models;

public sealed class HeaderReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sds-headers-" + Guid.NewGuid().ToString("N")[..8]);

    private string PathOf(string name) => Path.Combine(_dir, name);

    // ---- safetensors -----------------------------------------------------------------------------------------

    [Fact]
    public void Safetensors_header_gives_tensors_shapes_offsets_and_metadata()
    {
        var path = ModelFiles.Safetensors(PathOf("a.safetensors"),
            [new T("w", [3, 4], "F32"), new T("b", [4], "BF16"), new T("scalar", [], "F32")],
            new Dictionary<string, string> { ["format"] = "pt", ["modelspec.title"] = "Test" });

        var read = SafetensorsHeaderReader.Read(path);

        Assert.True(read.IsValid, read.Invalid);
        var h = read.Header!;
        Assert.Equal(ModelFileFormat.Safetensors, h.Format);
        Assert.Equal(new[] { "w", "b", "scalar" }, h.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 3L, 4 }, h.Tensors[0].Shape);
        Assert.Equal(48, h.Tensors[0].ByteLength);
        Assert.Equal(h.HeaderLength, h.Tensors[0].DataStart);
        Assert.Equal(h.HeaderLength + 48 + 8 + 4, h.DataEnd);
        Assert.Equal(h.FileLength, h.DataEnd);
        Assert.Equal("Test", h.Metadata["modelspec.title"]);
    }

    public static TheoryData<string, Func<string, string>, string> CorruptSafetensors() => new()
    {
        { "truncated before the length", p => Write(p, [1, 2, 3]), "shorter than the 8-byte header length" },
        { "length beyond the file", p => ModelFiles.RawSafetensors(p, "{}"u8.ToArray(), 0, declaredLength: 4096), "runs past the end of the file" },
        { "absurd length", p => ModelFiles.RawSafetensors(p, "{}"u8.ToArray(), 0, declaredLength: 200UL * 1024 * 1024), "absurd" },
        { "zero length", p => ModelFiles.RawSafetensors(p, [], 16, declaredLength: 0), "header length is 0" },
        { "bad JSON", p => ModelFiles.RawSafetensors(p, "{\"w\": {\"dtype\": "u8.ToArray(), 0), "not valid JSON" },
        { "JSON array", p => ModelFiles.RawSafetensors(p, "[1,2]"u8.ToArray(), 0), "not an object" },
        { "offsets beyond the file", p => ModelFiles.RawSafetensors(p, Json("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}"), 8), "beyond the end of the file" },
        { "offsets backwards", p => ModelFiles.RawSafetensors(p, Json("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}"), 8), "data_offsets" },
        { "size does not match dtype and shape", p => ModelFiles.RawSafetensors(p, Json("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}"), 8), "needs 16 bytes" },
        { "negative dimension", p => ModelFiles.RawSafetensors(p, Json("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}"), 0), "bad dimension" },
        { "no dtype", p => ModelFiles.RawSafetensors(p, Json("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}"), 4), "no dtype" },
    };

    [Theory]
    [MemberData(nameof(CorruptSafetensors))]
    public void Corrupt_safetensors_is_invalid_with_a_reason(string what, Func<string, string> write, string reason)
    {
        var read = ModelHeaderReader.Read(write(PathOf("bad.safetensors")));
        Assert.False(read.IsValid, $"{what}: should be invalid");
        Assert.Contains(reason, read.Invalid);
    }

    [Fact]
    public void Safetensors_reader_reads_only_the_header()
    {
        // 4 GB claimed, a few bytes on disk: reading must not touch the data region.
        var path = ModelFiles.Safetensors(PathOf("big.safetensors"), [new T("w", [1024, 1024, 1024], "F32")]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var read = ModelHeaderReader.Read(path);
        Assert.True(read.IsValid, read.Invalid);
        Assert.Equal(4L * 1024 * 1024 * 1024, read.Header!.Tensors[0].ByteLength);
        Assert.True(clock.ElapsedMilliseconds < 2000);
    }

    // ---- GGUF ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(2u)]
    [InlineData(3u)]
    public void Gguf_header_reads_every_value_type_and_the_tensor_infos(uint version)
    {
        var path = ModelFiles.Gguf(PathOf("m.gguf"),
            [new G("token_embd.weight", [1000, 64], 8), new G("norm.weight", [64], 0), new G("blk.0.ffn.weight", [256, 512], 12)],
            [
                ("general.architecture", GgufValue.Str("llama")),
                ("general.alignment", GgufValue.U32(64)),
                ("u8", GgufValue.U8(200)), ("i8", GgufValue.I8(-5)), ("u16", GgufValue.U16(65000)), ("i16", GgufValue.I16(-300)),
                ("u32", GgufValue.U32(4_000_000_000)), ("i32", GgufValue.I32(-7)), ("f32", GgufValue.F32(0.5f)), ("bool", GgufValue.Bool(true)),
                ("u64", GgufValue.U64(18_000_000_000_000_000_000)), ("i64", GgufValue.I64(-9)), ("f64", GgufValue.F64(2.25)),
                ("small", GgufValue.Array(GgufValue.I32(1), GgufValue.I32(2), GgufValue.I32(3))),
                ("tokens", GgufValue.Array(Enumerable.Range(0, 5000).Select(i => GgufValue.Str("tok" + i)).ToArray())),
                ("scores", GgufValue.Array(Enumerable.Range(0, 5000).Select(i => GgufValue.F32(i)).ToArray())),
                ("nested", GgufValue.Array(GgufValue.Array(GgufValue.Str("a")), GgufValue.Array(GgufValue.Str("b"), GgufValue.Str("c")))),
            ],
            version: version, alignment: 64);

        var read = ModelHeaderReader.Read(path);

        Assert.True(read.IsValid, read.Invalid);
        var h = read.Header!;
        Assert.Equal(ModelFileFormat.Gguf, h.Format);
        Assert.Equal((int)version, h.Version);
        var m = h.Metadata;
        Assert.Equal("llama", m["general.architecture"]);
        Assert.Equal("64", m["general.alignment"]);
        Assert.Equal(("200", "-5", "65000", "-300"), (m["u8"], m["i8"], m["u16"], m["i16"]));
        Assert.Equal(("4000000000", "-7", "0.5", "true"), (m["u32"], m["i32"], m["f32"], m["bool"]));
        Assert.Equal(("18000000000000000000", "-9", "2.25"), (m["u64"], m["i64"], m["f64"]));
        Assert.Equal("[1, 2, 3]", m["small"]);
        Assert.Equal("array<string>[5000]", m["tokens"]);
        Assert.Equal("array<float32>[5000]", m["scores"]);
        Assert.Equal("array<array>[2]", m["nested"]);

        Assert.Equal(new[] { "token_embd.weight", "norm.weight", "blk.0.ffn.weight" }, h.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 1000L, 64 }, h.Tensors[0].Shape); // PyTorch order again
        Assert.Equal("Q8_0", h.Tensors[0].DType);
        Assert.Equal(1000 * 2 * 34, h.Tensors[0].ByteLength);
        Assert.Equal("Q4_K", h.Tensors[2].DType);
        Assert.Equal(0, h.HeaderLength % 64);
        Assert.Equal(h.FileLength, h.DataEnd);
    }

    public static TheoryData<string, Func<string, string>, string> CorruptGguf() => new()
    {
        { "wrong magic", p => Write(p, Encoding.ASCII.GetBytes("GGUX").Concat(new byte[40]).ToArray()), "no \"GGUF\" magic" },
        { "version 1", p => ModelFiles.Gguf(p, [new G("w", [32])], version: 1), "version 1 is not supported" },
        { "unknown version", p => ModelFiles.Gguf(p, [new G("w", [32])], version: 9), "unknown version 9" },
        { "truncated inside the metadata", p => ModelFiles.Gguf(p, [new G("w", [32])], [("k", GgufValue.Str("a long value here"))], truncateTo: 40), "truncated" },
        { "tensor data beyond the end", p => ModelFiles.Gguf(p, [new G("w", [1024, 1024], 0)], truncateTo: 200), "beyond the end of the file" },
        { "absurd string length", p => ModelFiles.Gguf(p, [new G("w", [32])], [("k", GgufValue.Str("x"))], corruptAfterKv: w => w.Write(ulong.MaxValue)), "absurd" },
        { "unknown value type", p => Patch(ModelFiles.Gguf(p, [], [("k", GgufValue.U32(1)), ("k2", GgufValue.U32(2))]), "k2", 99), "unknown metadata value type 99" },
    };

    [Theory]
    [MemberData(nameof(CorruptGguf))]
    public void Corrupt_gguf_is_invalid_with_a_reason(string what, Func<string, string> write, string reason)
    {
        var read = ModelHeaderReader.Read(write(PathOf("bad.gguf")));
        Assert.False(read.IsValid, $"{what}: should be invalid");
        Assert.Contains(reason, read.Invalid);
    }

    [Fact]
    public void Gguf_with_an_absurd_tensor_count_is_invalid_without_reading_on()
    {
        var path = PathOf("count.gguf");
        Directory.CreateDirectory(_dir);
        using (var w = new BinaryWriter(File.Create(path)))
        {
            w.Write(0x46554747u);
            w.Write(3u);
            w.Write(ulong.MaxValue / 2);
            w.Write(0UL);
            w.Write(new byte[64]);
        }
        var read = ModelHeaderReader.Read(path);
        Assert.False(read.IsValid);
        Assert.Contains("tensor count", read.Invalid);
    }

    [Theory]
    [InlineData("x.ckpt", new byte[] { 0x80, 2, 0x7d })]
    [InlineData("x.pt", new byte[] { (byte)'P', (byte)'K', 3, 4 })]
    public void Pickle_files_are_recognised_without_unpickling(string name, byte[] start)
    {
        var read = ModelHeaderReader.Read(Write(PathOf(name), start));
        Assert.True(read.IsValid);
        Assert.Equal(ModelFileFormat.Pickle, read.Header!.Format);
    }

    [Fact]
    public void A_ckpt_that_is_neither_zip_nor_pickle_is_invalid()
    {
        var read = ModelHeaderReader.Read(Write(PathOf("x.ckpt"), "hello"u8.ToArray()));
        Assert.False(read.IsValid);
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Overwrites the value type written right after <paramref name="key"/>.</summary>
    private static string Patch(string path, string key, uint type)
    {
        var bytes = File.ReadAllBytes(path);
        var keyBytes = Encoding.UTF8.GetBytes(key);
        for (var i = 0; i < bytes.Length - keyBytes.Length - 8; i++)
            if (bytes.AsSpan(i, keyBytes.Length).SequenceEqual(keyBytes) && BitConverter.ToUInt64(bytes, i - 8) == (ulong)keyBytes.Length)
            {
                BitConverter.GetBytes(type).CopyTo(bytes, i + keyBytes.Length);
                File.WriteAllBytes(path, bytes);
                return path;
            }
        throw new InvalidOperationException("key not found");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
