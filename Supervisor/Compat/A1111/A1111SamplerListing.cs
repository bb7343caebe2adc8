namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The sampler and scheduler lists as A1111 shows them: its names (with ours as an alias), then ours that it lacks.</summary>
public static class A1111SamplerListing
{
    public static IReadOnlyList<A1111SamplerItem> Samplers() =>
    [
        .. A1111Samplers.Samplers.Select(s => new A1111SamplerItem(s.Name, [.. s.Aliases, s.Ours], Options(s.Ours, s.Exact))),
        .. A1111Samplers.OwnSamplersWithoutA1111Name().Select(n => new A1111SamplerItem(n, [], new Dictionary<string, string>())),
    ];

    public static IReadOnlyList<A1111SchedulerItem> Schedulers() =>
    [
        .. A1111Samplers.Schedulers.Select(s => new A1111SchedulerItem(s.Name, s.Label, s.Ours is null ? null : [s.Ours], -1, false)),
        .. A1111Samplers.OwnSchedulersWithoutA1111Name().Select(n => new A1111SchedulerItem(n, n, null, -1, false)),
    ];

    /// <summary>What the name runs here; <c>approximation</c> marks a close relative rather than the same sampler.</summary>
    private static Dictionary<string, string> Options(string ours, bool exact) => exact
        ? new() { ["sd_cpp_sampler"] = ours }
        : new() { ["sd_cpp_sampler"] = ours, ["approximation"] = "true" };
}
