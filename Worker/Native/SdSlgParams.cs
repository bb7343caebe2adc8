namespace SdSupervised.Worker.Native;

/// <summary><c>sd_slg_params_t</c>: skip-layer guidance. Note the count is a <c>size_t</c>.</summary>
public unsafe struct SdSlgParams
{
    public int* Layers;
    public nuint LayerCount;
    public float LayerStart;
    public float LayerEnd;
    public float Scale;
}
