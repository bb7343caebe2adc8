namespace SdSupervised.Worker.Native;

/// <summary>The library's own name tables (sampler, scheduler, weight type, hires upscaler), so no enum value is copied from the header.</summary>
public interface ISdNames
{
    /// <summary>The library's enum value for a sampler name, or null when it knows no such name.</summary>
    int? SampleMethod(string name);
    int? Scheduler(string name);
    int? WeightType(string name);
    int? HiresUpscaler(string name);

    /// <summary>Names the library accepts, for error messages.</summary>
    IReadOnlyList<string> SampleMethodNames();
    IReadOnlyList<string> SchedulerNames();
    IReadOnlyList<string> WeightTypeNames();
    IReadOnlyList<string> HiresUpscalerNames();
}
