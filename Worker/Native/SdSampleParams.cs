namespace SdSupervised.Worker.Native;

/// <summary>
/// <c>sd_sample_params_t</c> (96 bytes on x86-64). <see cref="Scheduler"/> and <see cref="SampleMethod"/> hold the
/// library's enum values as ints; their <c>*_COUNT</c> value, set by <c>sd_sample_params_init</c>, means "the model's default".
/// </summary>
public unsafe struct SdSampleParams
{
    public SdGuidanceParams Guidance;
    public int Scheduler;
    public int SampleMethod;
    public int SampleSteps;
    public float Eta;
    public int ShiftedTimestep;
    public float* CustomSigmas;
    public int CustomSigmasCount;
    public float FlowShift;
    public byte* ExtraSampleArgs;
}
