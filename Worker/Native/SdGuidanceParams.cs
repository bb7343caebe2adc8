namespace SdSupervised.Worker.Native;

/// <summary><c>sd_guidance_params_t</c>. <see cref="ImgCfg"/> is INFINITY by default ("same as txt_cfg").</summary>
public struct SdGuidanceParams
{
    public float TxtCfg;
    public float ImgCfg;
    public float DistilledGuidance;
    public SdSlgParams Slg;
}
