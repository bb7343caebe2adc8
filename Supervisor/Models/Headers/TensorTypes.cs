namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>
/// Storage sizes of tensor element types, so a header's byte ranges can be checked against its shapes.
/// ggml types are blocks (<c>BlockSize</c> elements in <c>TypeSize</c> bytes); plain types are blocks of one.
/// </summary>
public static class TensorTypes
{
    public sealed record TypeLayout(string Name, int BlockSize, int TypeSize);

    /// <summary>ggml_type ids as stored in GGUF tensor infos (ggml.h); ids that ggml removed are absent.</summary>
    private static readonly Dictionary<uint, TypeLayout> Ggml = new()
    {
        [0] = new("F32", 1, 4),
        [1] = new("F16", 1, 2),
        [2] = new("Q4_0", 32, 18),
        [3] = new("Q4_1", 32, 20),
        [6] = new("Q5_0", 32, 22),
        [7] = new("Q5_1", 32, 24),
        [8] = new("Q8_0", 32, 34),
        [9] = new("Q8_1", 32, 36),
        [10] = new("Q2_K", 256, 84),
        [11] = new("Q3_K", 256, 110),
        [12] = new("Q4_K", 256, 144),
        [13] = new("Q5_K", 256, 176),
        [14] = new("Q6_K", 256, 210),
        [15] = new("Q8_K", 256, 292),
        [16] = new("IQ2_XXS", 256, 66),
        [17] = new("IQ2_XS", 256, 74),
        [18] = new("IQ3_XXS", 256, 98),
        [19] = new("IQ1_S", 256, 50),
        [20] = new("IQ4_NL", 32, 18),
        [21] = new("IQ3_S", 256, 110),
        [22] = new("IQ2_S", 256, 82),
        [23] = new("IQ4_XS", 256, 136),
        [24] = new("I8", 1, 1),
        [25] = new("I16", 1, 2),
        [26] = new("I32", 1, 4),
        [27] = new("I64", 1, 8),
        [28] = new("F64", 1, 8),
        [29] = new("IQ1_M", 256, 56),
        [30] = new("BF16", 1, 2),
        [34] = new("TQ1_0", 256, 54),
        [35] = new("TQ2_0", 256, 66),
        [39] = new("MXFP4", 32, 17),
    };

    /// <summary>safetensors dtypes with a whole number of bytes per element.</summary>
    private static readonly Dictionary<string, int> Safetensors = new(StringComparer.Ordinal)
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2,
        ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1,
        ["U64"] = 8, ["U32"] = 4, ["U16"] = 2, ["U8"] = 1,
        ["BOOL"] = 1, ["F8_E4M3"] = 1, ["F8_E5M2"] = 1, ["F8_E8M0"] = 1,
    };

    public static TypeLayout? GgmlType(uint id) => Ggml.GetValueOrDefault(id);

    public static string GgmlTypeName(uint id) => Ggml.TryGetValue(id, out var t) ? t.Name : $"ggml_type_{id}";

    /// <summary>Bytes per element of a safetensors dtype; null when unknown or sub-byte (then sizes are not checked).</summary>
    public static int? SafetensorsElementSize(string dtype) => Safetensors.TryGetValue(dtype, out var size) ? size : null;

    /// <summary>Bytes a ggml tensor of this shape takes, or null when the type is unknown or the row is not whole blocks.</summary>
    public static long? GgmlByteLength(uint typeId, IReadOnlyList<long> ggmlDims)
    {
        if (GgmlType(typeId) is not { } t || ggmlDims.Count == 0)
            return null;
        if (ggmlDims[0] % t.BlockSize != 0)
            return null;
        try
        {
            long rows = 1;
            for (var i = 1; i < ggmlDims.Count; i++) rows = checked(rows * ggmlDims[i]);
            return checked(ggmlDims[0] / t.BlockSize * t.TypeSize * rows);
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
