namespace SdSupervised.Tools.TinyModels;

/// <summary>Adds the parameters of common layers under a name prefix, the way stable-diffusion.cpp names and shapes them.</summary>
public sealed class LayerWriter(GgufWriter gguf, RandomWeights random)
{
    /// <summary>Linear(in, out): weight [in, out], bias [out] (F32). Q4_0 needs in % 32 == 0.</summary>
    public void Linear(string name, long input, long output, bool bias = true, GgmlType type = GgmlType.F32)
    {
        var scale = 1.0 / Math.Sqrt(input);
        var data = type switch
        {
            GgmlType.Q4_0 => random.Q4_0(input * output, scale),
            GgmlType.F16 => RandomWeights.F16(random.Uniform(input * output, scale)),
            _ => RandomWeights.F32(random.Uniform(input * output, scale)),
        };
        gguf.Add($"{name}.weight", [input, output], type, data);
        if (bias)
            gguf.Add($"{name}.bias", [output], GgmlType.F32, RandomWeights.F32(RandomWeights.Constant(output, 0)));
    }

    /// <summary>Conv2d(in, out, k x k): weight [k, k, in, out] (F16, what the library keeps convolutions in), bias [out].</summary>
    public void Conv(string name, long input, long output, int kernel = 3, bool bias = true)
    {
        var count = (long)kernel * kernel * input * output;
        gguf.Add($"{name}.weight", [kernel, kernel, input, output], GgmlType.F16, RandomWeights.F16(random.Uniform(count, 1.0 / Math.Sqrt(kernel * kernel * input))));
        if (bias)
            gguf.Add($"{name}.bias", [output], GgmlType.F32, RandomWeights.F32(RandomWeights.Constant(output, 0)));
    }

    /// <summary>LayerNorm / GroupNorm: weight 1, bias 0.</summary>
    public void Norm(string name, long channels)
    {
        gguf.Add($"{name}.weight", [channels], GgmlType.F32, RandomWeights.F32(RandomWeights.Constant(channels, 1)));
        gguf.Add($"{name}.bias", [channels], GgmlType.F32, RandomWeights.F32(RandomWeights.Constant(channels, 0)));
    }

    public void Tensor(string name, long[] shape, GgmlType type, byte[] data) => gguf.Add(name, shape, type, data);

    public RandomWeights Random => random;
}
