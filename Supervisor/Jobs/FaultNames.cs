using SdSupervised.Contracts;

namespace SdSupervised.Supervisor.Jobs;

/// <summary>The API names of injectable faults.</summary>
public static class FaultNames
{
    public static readonly IReadOnlyDictionary<string, InjectedFault> All = new Dictionary<string, InjectedFault>(StringComparer.Ordinal)
    {
        ["segv"] = InjectedFault.Segv,
        ["abort"] = InjectedFault.Abort,
        ["cuda-oom"] = InjectedFault.CudaOom,
        ["cuda-error"] = InjectedFault.CudaError,
        ["hang"] = InjectedFault.Hang,
        ["fail"] = InjectedFault.Fail,
        ["exit"] = InjectedFault.Exit,
    };
}
