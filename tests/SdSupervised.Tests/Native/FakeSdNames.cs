using SdSupervised.Worker.Native;

namespace SdSupervised.Tests.Native;

/// <summary>A small name table standing in for the library's (values are the header's, so bytes read naturally).</summary>
internal class FakeSdNames : ISdNames
{
    public static readonly string[] Samplers = ["euler", "euler_a", "heun", "dpm2", "dpm++2s_a", "dpm++2m"];
    public static readonly string[] Schedulers = ["discrete", "karras", "exponential"];
    public static readonly string[] Types = ["f32", "f16", "q4_0", "q4_1", "", "", "q5_0", "q5_1", "q8_0"];
    public static readonly string[] Upscalers = ["None", "Latent", "Latent (nearest)"];

    public int? SampleMethod(string name) => Index(Samplers, name);

    public int? Scheduler(string name) => name == "normal" ? 0 : Index(Schedulers, name);

    public int? WeightType(string name) => Index(Types, name);

    public int? HiresUpscaler(string name) => Index(Upscalers, name);

    public IReadOnlyList<string> SampleMethodNames() => Samplers;

    public IReadOnlyList<string> SchedulerNames() => Schedulers;

    public IReadOnlyList<string> WeightTypeNames() => [.. Types.Where(t => t.Length > 0)];

    public IReadOnlyList<string> HiresUpscalerNames() => Upscalers;

    private static int? Index(string[] table, string name)
    {
        var index = Array.IndexOf(table, name);
        return index < 0 || name.Length == 0 ? null : index;
    }
}
