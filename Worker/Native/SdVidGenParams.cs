namespace SdSupervised.Worker.Native;

/// <summary>
/// <c>sd_vid_gen_params_t</c> at the pinned tag (576 bytes on x86-64; the layout test holds every offset).
/// Filled by <c>sd_vid_gen_params_init</c>, then only what the request sets is overridden. The reference
/// videos and audios (LTX, VACE) are left empty: we pass null arrays with a zero count.
/// </summary>
public unsafe struct SdVidGenParams
{
    public SdLora* Loras;
    public uint LoraCount;
    public byte* Prompt;
    public byte* NegativePrompt;
    public int ClipSkip;
    public SdImage InitImage;
    public SdImage EndImage;
    public SdImage* RefImages;
    public int RefImagesCount;
    /// <summary><c>sd_ref_video_t*</c>; never set by us.</summary>
    public void* RefVideos;
    public int RefVideosCount;
    /// <summary><c>sd_audio_t*</c>; never set by us.</summary>
    public void* RefAudios;
    public int RefAudiosCount;
    public SdImage* ControlFrames;
    public int ControlFramesSize;
    public int Width;
    public int Height;
    public SdSampleParams SampleParams;
    public SdSampleParams HighNoiseSampleParams;
    public float MoeBoundary;
    public float Strength;
    public long Seed;
    public int VideoFrames;
    public int Fps;
    public float VaceStrength;
    public SdTilingParams VaeTilingParams;
    public SdCacheParams Cache;
    public SdHiresParams Hires;
    public CBool CircularX;
    public CBool CircularY;
}
