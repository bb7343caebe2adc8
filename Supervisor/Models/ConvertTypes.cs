using System.Collections.Frozen;

namespace SdSupervised.Supervisor.Models;

/// <summary>The output types <c>POST /api/models/convert</c> accepts: the library's ggml type names, lower case.</summary>
public static class ConvertTypes
{
    public static readonly IReadOnlyList<string> Names =
        ["f32", "f16", "bf16", "q8_0", "q5_0", "q5_1", "q4_0", "q4_1", "q2_k", "q3_k", "q4_k", "q5_k", "q6_k", "q8_k"];

    private static readonly FrozenSet<string> Set = Names.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string name) => Set.Contains(name);
}
