namespace SdSupervised.Tools.TinyModels;

/// <summary>The few ggml tensor types the generator writes (values are ggml's).</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
}
