using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SdSupervised.Tests.Models;

/// <summary>A tensor as a test declares it: PyTorch shape order, like the files on the Hub.</summary>
public sealed record T(string Name, long[] Shape, string DType = "F16");

/// <summary>A GGUF tensor: PyTorch shape order (the writer reverses it to ggml's) and a ggml type id.</summary>
public sealed record G(string Name, long[] Shape, uint Type = 1);

/// <summary>
/// Writes header-only model files: a real header, and a data region that is only a length (a sparse file), so a
/// "24 GB" Flux file costs a few kilobytes of disk and no time.
/// </summary>
public static class ModelFiles
{
    public static string Safetensors(string path, IEnumerable<T> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var t in tensors)
        {
            var size = ElementSize(t.DType);
            foreach (var d in t.Shape) size *= d;
            header[t.Name] = new { dtype = t.DType, shape = t.Shape, data_offsets = new[] { offset, offset + size } };
            offset += size;
        }
        if (metadata is not null)
            header["__metadata__"] = metadata;
        return RawSafetensors(path, JsonSerializer.SerializeToUtf8Bytes(header), offset);
    }

    /// <summary>A safetensors file with exactly these header bytes and <paramref name="dataLength"/> bytes after them.</summary>
    public static string RawSafetensors(string path, byte[] json, long dataLength, ulong? declaredLength = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, declaredLength ?? (ulong)json.Length);
        stream.Write(prefix);
        stream.Write(json);
        stream.SetLength(8 + json.Length + dataLength);
        return path;
    }

    public static string Gguf(string path, IEnumerable<G> tensors, IEnumerable<(string Key, GgufValue Value)>? metadata = null, uint version = 3,
        Action<BinaryWriter>? corruptAfterKv = null, long? truncateTo = null, uint alignment = 32)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var list = tensors.ToList();
        var kv = (metadata ?? []).ToList();
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(0x46554747u);
        w.Write(version);
        w.Write((ulong)list.Count);
        w.Write((ulong)kv.Count);
        foreach (var (key, value) in kv)
        {
            WriteString(w, key);
            value.Write(w, withType: true);
        }
        corruptAfterKv?.Invoke(w);
        long offset = 0;
        var ends = new List<long>();
        foreach (var t in list)
        {
            WriteString(w, t.Name);
            var dims = t.Shape.Reverse().ToArray();
            w.Write((uint)dims.Length);
            foreach (var d in dims) w.Write((ulong)d);
            w.Write(t.Type);
            w.Write((ulong)offset);
            offset += Align(GgmlBytes(t.Type, dims), alignment);
        }
        w.Flush();
        var dataStart = Align(stream.Position, alignment);
        stream.SetLength(truncateTo ?? dataStart + offset);
        return path;
    }

    public static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static long Align(long n, long alignment) => (n + alignment - 1) / alignment * alignment;

    private static long ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        _ => 1,
    };

    private static long GgmlBytes(uint type, long[] dims)
    {
        var (block, size) = type switch
        {
            0 => (1, 4),
            1 or 30 => (1, 2),
            2 => (32, 18),
            8 => (32, 34),
            12 => (256, 144),
            _ => throw new ArgumentException($"test writer does not know ggml type {type}"),
        };
        long rows = 1;
        for (var i = 1; i < dims.Length; i++) rows *= dims[i];
        return dims[0] / block * size * rows;
    }
}

/// <summary>A GGUF metadata value of any type, arrays (nested too) included.</summary>
public sealed class GgufValue
{
    private readonly uint _type;
    private readonly Action<BinaryWriter> _payload;

    private GgufValue(uint type, Action<BinaryWriter> payload)
    {
        _type = type;
        _payload = payload;
    }

    public static GgufValue U8(byte v) => new(0, w => w.Write(v));
    public static GgufValue I8(sbyte v) => new(1, w => w.Write(v));
    public static GgufValue U16(ushort v) => new(2, w => w.Write(v));
    public static GgufValue I16(short v) => new(3, w => w.Write(v));
    public static GgufValue U32(uint v) => new(4, w => w.Write(v));
    public static GgufValue I32(int v) => new(5, w => w.Write(v));
    public static GgufValue F32(float v) => new(6, w => w.Write(v));
    public static GgufValue Bool(bool v) => new(7, w => w.Write((byte)(v ? 1 : 0)));
    public static GgufValue Str(string v) => new(8, w => ModelFiles.WriteString(w, v));
    public static GgufValue U64(ulong v) => new(10, w => w.Write(v));
    public static GgufValue I64(long v) => new(11, w => w.Write(v));
    public static GgufValue F64(double v) => new(12, w => w.Write(v));

    public static GgufValue Array(params GgufValue[] items)
    {
        var elementType = items.Length == 0 ? 4u : items[0]._type;
        return new GgufValue(9, w =>
        {
            w.Write(elementType);
            w.Write((ulong)items.Length);
            foreach (var item in items) item.Write(w, withType: false);
        });
    }

    public void Write(BinaryWriter w, bool withType)
    {
        if (withType) w.Write(_type);
        _payload(w);
    }
}
