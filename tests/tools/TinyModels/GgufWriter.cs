using System.Text;

namespace SdSupervised.Tools.TinyModels;

/// <summary>
/// A minimal GGUF v3 writer: no metadata, tensors 32-byte aligned. Shapes are in ggml order (ne[0] is the
/// innermost, fastest-varying dimension): a Linear(in, out) weight is [in, out], a Conv2d weight [kw, kh, in, out].
/// </summary>
public sealed class GgufWriter
{
    private const uint Magic = 0x46554747; // "GGUF"
    private const uint Version = 3;
    private const int Alignment = 32;

    private readonly List<(string Name, long[] Shape, GgmlType Type, byte[] Data)> _tensors = [];

    public int Count => _tensors.Count;

    public long DataBytes => _tensors.Sum(t => (long)t.Data.Length);

    public void Add(string name, long[] shape, GgmlType type, byte[] data)
    {
        if (_tensors.Any(t => t.Name == name))
            throw new ArgumentException($"tensor {name} is added twice", nameof(name));
        var elements = shape.Aggregate(1L, (a, b) => a * b);
        var expected = type switch
        {
            GgmlType.F32 => elements * 4,
            GgmlType.F16 => elements * 2,
            GgmlType.Q4_0 => elements / 32 * 18,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        if (data.Length != expected)
            throw new ArgumentException($"tensor {name} [{string.Join(", ", shape)}] {type} needs {expected} bytes, got {data.Length}", nameof(data));
        _tensors.Add((name, shape, type, data));
    }

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write(0UL); // no key/value metadata

        ulong offset = 0;
        foreach (var (name, shape, type, data) in _tensors)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            writer.Write((ulong)bytes.Length);
            writer.Write(bytes);
            writer.Write((uint)shape.Length);
            foreach (var dim in shape)
                writer.Write((ulong)dim);
            writer.Write((uint)type);
            writer.Write(offset);
            offset += Align((ulong)data.Length);
        }

        Pad(writer);
        for (var i = 0; i < _tensors.Count; i++)
        {
            writer.Write(_tensors[i].Data);
            // Padding goes between tensors; bytes after the last one would only look like a damaged file.
            if (i < _tensors.Count - 1)
                Pad(writer);
        }
    }

    private static ulong Align(ulong value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        var position = (ulong)writer.BaseStream.Position;
        for (var i = position; i < Align(position); i++)
            writer.Write((byte)0);
    }
}
