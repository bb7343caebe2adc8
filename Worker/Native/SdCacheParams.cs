namespace SdSupervised.Worker.Native;

/// <summary><c>sd_cache_params_t</c>: step caching (96 bytes on x86-64). We never set it; it is here for the layout.</summary>
public unsafe struct SdCacheParams
{
    public int Mode;
    public float ReuseThreshold;
    public float StartPercent;
    public float EndPercent;
    public float ErrorDecayRate;
    public CBool UseRelativeThreshold;
    public CBool ResetErrorOnCompute;
    public int FnComputeBlocks;
    public int BnComputeBlocks;
    public float ResidualDiffThreshold;
    public int MaxWarmupSteps;
    public int MaxCachedSteps;
    public int MaxContinuousCachedSteps;
    public int TaylorseerNDerivatives;
    public int TaylorseerSkipInterval;
    public byte* ScmMask;
    public CBool ScmPolicyDynamic;
    public float SpectrumW;
    public int SpectrumM;
    public float SpectrumLam;
    public int SpectrumWindowSize;
    public float SpectrumFlexWindow;
    public int SpectrumWarmupSteps;
    public float SpectrumStopPercent;
}
