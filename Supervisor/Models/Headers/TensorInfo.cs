namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>
/// One tensor as a file header describes it. <see cref="Shape"/> is in PyTorch order (outermost first) for
/// both formats: GGUF stores ggml's reversed order, which the reader turns around. Offsets are absolute in the file.
/// </summary>
public sealed record TensorInfo(string Name, long[] Shape, string DType, long DataStart, long DataEnd)
{
    public long ByteLength => DataEnd - DataStart;

    public int Rank => Shape.Length;

    /// <summary>The dimension at <paramref name="index"/> (negative counts from the end), or null when there is none.</summary>
    public long? Dim(int index)
    {
        var i = index < 0 ? Shape.Length + index : index;
        return i >= 0 && i < Shape.Length ? Shape[i] : null;
    }

    public long Elements
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n = checked(n * d);
            return n;
        }
    }
}
