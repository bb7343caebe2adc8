namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>A1111's API defaults for fields a request leaves out (its <c>StableDiffusionProcessing</c> constructor's).</summary>
public static class A1111Defaults
{
    public const int Size = 512;
    public const int Steps = 50;
    public const float CfgScale = 7.0f;
    public const float Img2ImgDenoisingStrength = 0.75f;
    public const float HiresScale = 2.0f;
    public const float UpscalingResize = 2.0f;
}
