namespace SdSupervised.Worker.Native;

/// <summary><c>sd_pm_params_t</c>: PhotoMaker inputs.</summary>
public unsafe struct SdPmParams
{
    public SdImage* IdImages;
    public int IdImagesCount;
    public byte* IdEmbedPath;
    public float StyleStrength;
}
