using System.Globalization;
using System.Text;

namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>
/// Reads a GGUF header (v2 and v3): magic, version, tensor and key/value counts, every key/value (all value
/// types, arrays included, nested too), then the tensor infos (name, dims, ggml type, offset). It streams
/// through the header only; long arrays such as a tokenizer's vocabulary are skipped, not kept.
/// Anything inconsistent makes the file invalid with a reason; nothing throws.
/// </summary>
public static class GgufHeaderReader
{
    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;
    private const int MaxDims = 4;
    private const long MaxCount = 10_000_000;
    private const long MaxStringLength = 64L * 1024 * 1024;
    private const int KeptArrayItems = 16;
    private const int KeptStringLength = 4096;
    private const int MaxArrayDepth = 4;

    private enum ValueType : uint
    {
        UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
        String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
    }

    public static HeaderReadResult Read(string path)
    {
        using var stream = ModelHeaderReader.OpenRead(path);
        return Read(stream, stream.Length);
    }

    public static HeaderReadResult Read(Stream stream, long fileLength)
    {
        try
        {
            return HeaderReadResult.Ok(new Cursor(stream, fileLength).ReadHeader());
        }
        catch (InvalidDataException ex)
        {
            return HeaderReadResult.Bad("gguf: " + ex.Message);
        }
        catch (EndOfStreamException)
        {
            return HeaderReadResult.Bad($"gguf: the file ({fileLength} bytes) ended inside the header; it is truncated");
        }
    }

    private sealed class Cursor(Stream stream, long length)
    {
        private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);
        private readonly long _start = stream.Position;

        private long Position => stream.Position - _start;
        private long Remaining => length - Position;

        public ModelHeader ReadHeader()
        {
            if (length < 24)
                throw new InvalidDataException($"the file is {length} bytes, too short for a GGUF header");
            var magic = _reader.ReadUInt32();
            if (magic != Magic)
                throw new InvalidDataException($"wrong magic 0x{magic:x8} (expected 0x{Magic:x8}, \"GGUF\")");
            var version = _reader.ReadUInt32();
            if (version is not (2 or 3))
                throw new InvalidDataException(version == 1
                    ? "version 1 is not supported (only GGUF v2 and v3); convert the file again"
                    : $"unknown version {version} (only GGUF v2 and v3 are supported)");
            var tensorCount = Count(_reader.ReadUInt64(), "tensor count");
            var kvCount = Count(_reader.ReadUInt64(), "metadata key/value count");

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            long alignment = 32;
            for (long i = 0; i < kvCount; i++)
            {
                var key = ReadString("metadata key");
                var type = ReadType();
                if (key == "general.alignment" && IsInteger(type))
                {
                    alignment = ReadInteger(type);
                    if (alignment <= 0 || (alignment & (alignment - 1)) != 0 || alignment > 1 << 20)
                        throw new InvalidDataException($"general.alignment {alignment} is not a power of two");
                    metadata[key] = alignment.ToString(CultureInfo.InvariantCulture);
                    continue;
                }
                metadata[key] = ReadValue(type, depth: 0);
            }

            var pending = new List<(string Name, long[] Dims, uint Type, long Offset)>((int)Math.Min(tensorCount, 100_000));
            for (long i = 0; i < tensorCount; i++)
            {
                var name = ReadString("tensor name");
                var nDims = _reader.ReadUInt32();
                if (nDims is 0 or > MaxDims)
                    throw new InvalidDataException($"tensor '{name}' has {nDims} dimensions (ggml allows 1 to {MaxDims})");
                var dims = new long[nDims];
                for (var d = 0; d < nDims; d++)
                {
                    var dim = _reader.ReadUInt64();
                    if (dim > long.MaxValue)
                        throw new InvalidDataException($"tensor '{name}' has an absurd dimension {dim}");
                    dims[d] = (long)dim;
                }
                var type = _reader.ReadUInt32();
                var offset = _reader.ReadUInt64();
                if (offset > long.MaxValue)
                    throw new InvalidDataException($"tensor '{name}' has an absurd offset {offset}");
                pending.Add((name, dims, type, (long)offset));
            }

            var dataStart = (Position + alignment - 1) / alignment * alignment;
            var tensors = new List<TensorInfo>(pending.Count);
            var dataEnd = dataStart;
            foreach (var (name, dims, type, offset) in pending)
            {
                if (offset % alignment != 0)
                    throw new InvalidDataException($"tensor '{name}' starts at offset {offset}, not a multiple of the alignment {alignment}");
                if (TensorTypes.GgmlType(type) is null)
                    throw new InvalidDataException($"tensor '{name}' has ggml type {type}, unknown to this build");
                if (TensorTypes.GgmlByteLength(type, dims) is not { } bytes)
                    throw new InvalidDataException($"tensor '{name}' ({TensorTypes.GgmlTypeName(type)}) has a row of {dims[0]} elements, not whole blocks");
                var start = dataStart + offset;
                var end = start + bytes;
                if (end > length || end < start)
                    throw new InvalidDataException($"tensor '{name}' data ends at byte {end}, beyond the end of the file ({length} bytes)");
                // ggml's dims run innermost first; keep the PyTorch order the safetensors reader uses.
                var shape = dims.Reverse().ToArray();
                tensors.Add(new TensorInfo(name, shape, TensorTypes.GgmlTypeName(type), start, end));
                dataEnd = Math.Max(dataEnd, end);
            }

            return new ModelHeader
            {
                Format = ModelFileFormat.Gguf,
                Tensors = tensors,
                Metadata = metadata,
                HeaderLength = dataStart,
                DataEnd = dataEnd,
                FileLength = length,
                Version = (int)version,
            };
        }

        private long Count(ulong value, string what)
        {
            // Every entry takes at least 8 bytes, so a count beyond that is a corrupt header.
            if (value > MaxCount || (long)value > Remaining / 8 + 1)
                throw new InvalidDataException($"the {what} {value} is absurd for a file of {length} bytes");
            return (long)value;
        }

        private ValueType ReadType()
        {
            var raw = _reader.ReadUInt32();
            if (raw > (uint)ValueType.Float64)
                throw new InvalidDataException($"unknown metadata value type {raw} at byte {Position - 4}");
            return (ValueType)raw;
        }

        private string ReadString(string what)
        {
            var length = _reader.ReadUInt64();
            if (length > MaxStringLength || (long)length > Remaining)
                throw new InvalidDataException($"a {what} claims {length} bytes at byte {Position - 8}, beyond the file or absurd");
            var bytes = _reader.ReadBytes((int)length);
            if (bytes.Length != (int)length)
                throw new EndOfStreamException();
            return Encoding.UTF8.GetString(bytes);
        }

        private void SkipString()
        {
            var length = _reader.ReadUInt64();
            if (length > MaxStringLength || (long)length > Remaining)
                throw new InvalidDataException($"a string claims {length} bytes at byte {Position - 8}, beyond the file or absurd");
            if (length > 0)
                stream.Seek((long)length, SeekOrigin.Current);
        }

        private static bool IsInteger(ValueType type) => type is ValueType.UInt8 or ValueType.Int8 or ValueType.UInt16
            or ValueType.Int16 or ValueType.UInt32 or ValueType.Int32 or ValueType.UInt64 or ValueType.Int64;

        private long ReadInteger(ValueType type) => type switch
        {
            ValueType.UInt8 => _reader.ReadByte(),
            ValueType.Int8 => _reader.ReadSByte(),
            ValueType.UInt16 => _reader.ReadUInt16(),
            ValueType.Int16 => _reader.ReadInt16(),
            ValueType.UInt32 => _reader.ReadUInt32(),
            ValueType.Int32 => _reader.ReadInt32(),
            ValueType.UInt64 => (long)Math.Min(_reader.ReadUInt64(), long.MaxValue),
            ValueType.Int64 => _reader.ReadInt64(),
            _ => throw new InvalidDataException($"{type} is not an integer type"),
        };

        private string ReadValue(ValueType type, int depth)
        {
            switch (type)
            {
                case ValueType.Float32:
                    return _reader.ReadSingle().ToString("R", CultureInfo.InvariantCulture);
                case ValueType.Float64:
                    return _reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
                case ValueType.Bool:
                    var b = _reader.ReadByte();
                    if (b > 1)
                        throw new InvalidDataException($"a bool has the value {b} at byte {Position - 1}");
                    return b == 1 ? "true" : "false";
                case ValueType.String:
                    var s = ReadString("string value");
                    return s.Length <= KeptStringLength ? s : s[..KeptStringLength] + "...";
                case ValueType.Array:
                    return ReadArray(depth);
                case ValueType.UInt64:
                    return _reader.ReadUInt64().ToString(CultureInfo.InvariantCulture);
                default:
                    return ReadInteger(type).ToString(CultureInfo.InvariantCulture);
            }
        }

        private string ReadArray(int depth)
        {
            if (depth >= MaxArrayDepth)
                throw new InvalidDataException($"arrays nested deeper than {MaxArrayDepth} at byte {Position}");
            var elementType = ReadType();
            var count = _reader.ReadUInt64();
            var minSize = ElementSize(elementType) ?? 8;
            if (count > (ulong)Remaining / (ulong)Math.Max(1, minSize))
                throw new InvalidDataException($"an array claims {count} elements at byte {Position - 8}, more than the file holds");
            var kept = new List<string>();
            for (ulong i = 0; i < count; i++)
            {
                if (i < KeptArrayItems && elementType != ValueType.Array)
                {
                    kept.Add(ReadValue(elementType, depth + 1));
                    continue;
                }
                if (elementType == ValueType.String)
                {
                    SkipString();
                }
                else if (elementType == ValueType.Array)
                {
                    ReadArray(depth + 1);
                }
                else
                {
                    // Fixed-size elements: skip the rest in one step.
                    stream.Seek((long)(count - i) * ElementSize(elementType)!.Value, SeekOrigin.Current);
                    break;
                }
            }
            var typeName = elementType.ToString().ToLowerInvariant();
            return count <= KeptArrayItems && elementType != ValueType.Array
                ? "[" + string.Join(", ", kept) + "]"
                : $"array<{typeName}>[{count}]";
        }

        private static int? ElementSize(ValueType type) => type switch
        {
            ValueType.UInt8 or ValueType.Int8 or ValueType.Bool => 1,
            ValueType.UInt16 or ValueType.Int16 => 2,
            ValueType.UInt32 or ValueType.Int32 or ValueType.Float32 => 4,
            ValueType.UInt64 or ValueType.Int64 or ValueType.Float64 => 8,
            // A string is at least its 8-byte length; an array at least its type and count.
            ValueType.String => 8,
            ValueType.Array => 12,
            _ => null,
        };
    }
}
