using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>
/// Reads a safetensors header: an 8-byte little-endian length, then that many bytes of JSON
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}</c>), then the data.
/// Only the header is read. Anything inconsistent makes the file invalid with a reason; nothing throws.
/// </summary>
public static class SafetensorsHeaderReader
{
    /// <summary>Real headers are at most a few MB; more than this is a corrupt length, not a model.</summary>
    public const long MaxHeaderLength = 100L * 1024 * 1024;

    public static HeaderReadResult Read(string path)
    {
        using var stream = ModelHeaderReader.OpenRead(path);
        return Read(stream, stream.Length);
    }

    public static HeaderReadResult Read(Stream stream, long fileLength)
    {
        if (fileLength < 8)
            return HeaderReadResult.Bad($"safetensors: the file is {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length == 0)
            return HeaderReadResult.Bad("safetensors: the header length is 0");
        if (length > MaxHeaderLength)
            return HeaderReadResult.Bad($"safetensors: the header length {length} bytes is absurd (more than {MaxHeaderLength / (1024 * 1024)} MB); the file is corrupt or not safetensors");
        if (8 + (long)length > fileLength)
            return HeaderReadResult.Bad($"safetensors: the header length {length} bytes runs past the end of the file ({fileLength} bytes); the file is truncated or not safetensors");

        var json = new byte[(int)length];
        try
        {
            stream.ReadExactly(json);
        }
        catch (EndOfStreamException)
        {
            return HeaderReadResult.Bad("safetensors: the file ended inside the header");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return HeaderReadResult.Bad($"safetensors: the header is not valid JSON ({FirstLine(ex.Message)})");
        }

        using (document)
            return Parse(document.RootElement, 8 + (long)length, fileLength);
    }

    private static HeaderReadResult Parse(JsonElement root, long dataStart, long fileLength)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return HeaderReadResult.Bad($"safetensors: the header is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<TensorInfo>();
        var dataEnd = dataStart;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                    foreach (var entry in property.Value.EnumerateObject())
                        metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                continue;
            }
            if (!TryParseTensor(property, dataStart, fileLength, out var tensor, out var error))
                return HeaderReadResult.Bad($"safetensors: tensor '{Shorten(property.Name)}': {error}");
            tensors.Add(tensor!);
            dataEnd = Math.Max(dataEnd, tensor!.DataEnd);
        }

        return HeaderReadResult.Ok(new ModelHeader
        {
            Format = ModelFileFormat.Safetensors,
            Tensors = tensors,
            Metadata = metadata,
            HeaderLength = dataStart,
            DataEnd = dataEnd,
            FileLength = fileLength,
        });
    }

    private static bool TryParseTensor(JsonProperty property, long dataStart, long fileLength, out TensorInfo? tensor, out string? error)
    {
        tensor = null;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = "its entry is not an object";
            return false;
        }
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            error = "no dtype";
            return false;
        }
        var dtype = dtypeElement.GetString()!;
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            error = "no shape";
            return false;
        }
        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d) || d < 0)
            {
                error = $"shape has a bad dimension {dim.GetRawText()}";
                return false;
            }
            shape[i++] = d;
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            error = "data_offsets must be [begin, end] with 0 <= begin <= end";
            return false;
        }
        if (end > fileLength - dataStart)
        {
            error = $"its data ends at byte {(decimal)dataStart + end}, beyond the end of the file ({fileLength} bytes)";
            return false;
        }
        if (TensorTypes.SafetensorsElementSize(dtype) is { } elementSize)
        {
            long expected;
            try
            {
                expected = elementSize;
                foreach (var d in shape) expected = checked(expected * d);
            }
            catch (OverflowException)
            {
                error = "its shape overflows";
                return false;
            }
            if (expected != end - begin)
            {
                error = $"{dtype} {ShapeText(shape)} needs {expected} bytes but data_offsets give {end - begin}";
                return false;
            }
        }
        tensor = new TensorInfo(property.Name, shape, dtype, dataStart + begin, dataStart + end);
        error = null;
        return true;
    }

    internal static string ShapeText(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Shorten(string name) => name.Length <= 120 ? name : name[..117] + "...";

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
