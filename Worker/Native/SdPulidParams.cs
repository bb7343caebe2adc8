namespace SdSupervised.Worker.Native;

/// <summary><c>sd_pulid_params_t</c>.</summary>
public unsafe struct SdPulidParams
{
    public byte* IdEmbeddingPath;
    public float IdWeight;
}
