namespace SdSupervised.Worker.Native;

/// <summary>
/// <c>sd_img_gen_params_t</c> at the pinned tag (544 bytes on x86-64; the layout test holds every offset).
/// Filled by <c>sd_img_gen_params_init</c>, then only what the request sets is overridden. Counts have
/// mixed C types: <see cref="LoraCount"/> is <c>uint32_t</c>, <see cref="RefImagesCount"/> an <c>int</c>.
/// </summary>
public unsafe struct SdImgGenParams
{
    public SdLora* Loras;
    public uint LoraCount;
    public byte* Prompt;
    public byte* NegativePrompt;
    public int ClipSkip;
    public SdImage InitImage;
    public SdImage* RefImages;
    public int RefImagesCount;
    public byte* RefImageArgs;
    public SdImage MaskImage;
    public int Width;
    public int Height;
    public SdSampleParams SampleParams;
    public float Strength;
    public long Seed;
    public int BatchCount;
    public SdImage ControlImage;
    public float ControlStrength;
    public SdImage IpAdapterImage;
    public float IpAdapterStrength;
    public SdPmParams PmParams;
    public SdPulidParams PulidParams;
    public SdTilingParams VaeTilingParams;
    public SdCacheParams Cache;
    public SdHiresParams Hires;
    public int QwenImageLayers;
    public CBool CircularX;
    public CBool CircularY;
}
