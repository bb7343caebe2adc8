namespace SdSupervised.Worker.Native;

/// <summary><c>sd_hires_params_t</c>: the hires-fix pass (56 bytes on x86-64).</summary>
public unsafe struct SdHiresParams
{
    public CBool Enabled;
    public int Upscaler;
    public byte* ModelPath;
    public float Scale;
    public int TargetWidth;
    public int TargetHeight;
    public int Steps;
    public float DenoisingStrength;
    public int UpscaleTileSize;
    public float* CustomSigmas;
    public int CustomSigmasCount;
}
