using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>
/// What the library's <c>*_init</c> functions write at the pinned tag (read from stable-diffusion.cpp), so the
/// mapping tests can check that a request leaves every default it does not set exactly as the library made it.
/// The engine itself never uses these numbers: it calls the real init functions.
/// </summary>
internal static unsafe class NativeDefaults
{
    public const int SampleMethodCount = 21;
    public const int SchedulerCount = 16;
    public const int SdTypeCount = 42;
    public const int VaeFormatAuto = -1;
    public const int PhysicalCores = 2;

    public static SdCtxParams Context()
    {
        var p = default(SdCtxParams);
        p.NThreads = PhysicalCores;
        p.WeightType = SdTypeCount;
        p.RngType = 1;
        p.SamplerRngType = 3;
        p.Prediction = 7;
        p.VaeFormat = VaeFormatAuto;
        return p;
    }

    public static SdImgGenParams Generation()
    {
        var p = default(SdImgGenParams);
        p.SampleParams.Guidance.TxtCfg = 7.0f;
        p.SampleParams.Guidance.ImgCfg = float.PositiveInfinity;
        p.SampleParams.Guidance.DistilledGuidance = 3.5f;
        p.SampleParams.Guidance.Slg.LayerStart = 0.01f;
        p.SampleParams.Guidance.Slg.LayerEnd = 0.2f;
        p.SampleParams.Scheduler = SchedulerCount;
        p.SampleParams.SampleMethod = SampleMethodCount;
        p.SampleParams.SampleSteps = 20;
        p.SampleParams.Eta = float.PositiveInfinity;
        p.SampleParams.FlowShift = float.PositiveInfinity;
        p.ClipSkip = -1;
        p.Width = 512;
        p.Height = 512;
        p.Strength = 0.75f;
        p.Seed = -1;
        p.BatchCount = 1;
        p.ControlStrength = 0.9f;
        p.IpAdapterStrength = 1.0f;
        p.QwenImageLayers = 3;
        p.PmParams.StyleStrength = 20f;
        p.PulidParams.IdWeight = 1.0f;
        p.VaeTilingParams.TargetOverlap = 0.5f;
        p.Cache.ReuseThreshold = float.PositiveInfinity;
        p.Hires.Upscaler = 1;
        p.Hires.Scale = 2.0f;
        p.Hires.DenoisingStrength = 0.7f;
        p.Hires.UpscaleTileSize = 128;
        return p;
    }

    /// <summary><c>sd_vid_gen_params_init</c>: both sample params from <c>sd_sample_params_init</c>, the high-noise steps -1.</summary>
    public static SdVidGenParams Video()
    {
        var image = Generation();
        var p = default(SdVidGenParams);
        p.SampleParams = image.SampleParams;
        p.HighNoiseSampleParams = image.SampleParams;
        p.HighNoiseSampleParams.SampleSteps = -1;
        p.ClipSkip = -1;
        p.Width = 512;
        p.Height = 512;
        p.Strength = 0.75f;
        p.Seed = -1;
        p.VideoFrames = 6;
        p.Fps = 16;
        p.MoeBoundary = 0.875f;
        p.VaceStrength = 1f;
        p.VaeTilingParams.TargetOverlap = 0.5f;
        p.Cache.ReuseThreshold = float.PositiveInfinity;
        p.Hires = image.Hires;
        return p;
    }
}
