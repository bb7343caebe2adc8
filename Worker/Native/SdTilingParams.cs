namespace SdSupervised.Worker.Native;

/// <summary><c>sd_tiling_params_t</c>: VAE tiling (32 bytes on x86-64).</summary>
public unsafe struct SdTilingParams
{
    public CBool Enabled;
    public CBool TemporalTiling;
    public int TileSizeX;
    public int TileSizeY;
    public float TargetOverlap;
    public float RelSizeX;
    public float RelSizeY;
    public byte* ExtraTilingArgs;
}
