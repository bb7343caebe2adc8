using System.Collections.Frozen;

namespace SdSupervised.Supervisor.Models;

/// <summary>The output types <c>POST /api/models/convert</c> accepts: the library's ggml type names, lower case.</summary>
public static class ConvertTypes
{
    public static readonly IReadOnlyList<string> Names =
        ["f32", "f16", "bf16", "q8_0", "q5_0", "q5_1", "q4_0", "q4_1", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_k"];

    private static readonly FrozenSet<string> Set = Names.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string name) => Set.Contains(name);

    /// <summary>
    /// The library's type for a name as users write it, any case: the ggml names, and llama.cpp's K-quant mixes
    /// (<c>Q4_K_S</c>, <c>Q4_K_M</c>, <c>Q3_K_L</c>...) that the seed's table lists. stable-diffusion.cpp has no per-tensor
    /// mixes, so a mix is its base K type (<c>q4_k</c>). Null when the name is neither.
    /// </summary>
    public static string? Normalize(string? name)
    {
        var type = name?.Trim().ToLowerInvariant() ?? "";
        if (Set.Contains(type)) return type;
        if (type.Length > 2 && type[^2] == '_' && type[^1] is 's' or 'm' or 'l' && Set.Contains(type[..^2]) && type[..^2].EndsWith("_k", StringComparison.Ordinal))
            return type[..^2];
        return null;
    }
}
