using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>One A1111 sampler name and the pinned library's sampler it runs; <see cref="Exact"/> is false where ours is only the closest.</summary>
public sealed record A1111Sampler(string Name, IReadOnlyList<string> Aliases, string Ours, bool Exact = true);

/// <summary>One A1111 scheduler (<c>name</c> as the API takes it, <c>label</c> as the UI shows it) and ours; null runs the model's own.</summary>
public sealed record A1111Scheduler(string Name, string Label, string? Ours, bool Exact = true);

/// <summary>What an A1111 <c>sampler_name</c> / <c>scheduler</c> pair runs, or why it is refused.</summary>
public sealed record A1111SamplerChoice(string? Sampler, string? Scheduler, string? Field = null, string? Error = null)
{
    public bool Accepted => Error is null;
}

/// <summary>
/// A1111's sampler and scheduler names mapped to the pinned stable-diffusion.cpp's. A1111 before 1.9 folded the
/// scheduler into the sampler ("DPM++ 2M Karras"), so such a suffix sets the scheduler too. Our own names are
/// accepted as well. Samplers the library has no counterpart for (UniPC, DPM fast, DPM adaptive, Restart) are
/// refused by name rather than silently run as something else; the few listed as inexact are close relatives.
/// </summary>
public static class A1111Samplers
{
    public static readonly IReadOnlyList<A1111Sampler> Samplers =
    [
        new("DPM++ 2M", ["k_dpmpp_2m"], "dpm++2m"),
        new("DPM++ SDE", ["k_dpmpp_sde"], "dpm++2s_a", Exact: false),
        new("DPM++ 2M SDE", ["k_dpmpp_2m_sde"], "dpm++2m_sde"),
        new("DPM++ 2M SDE Heun", ["k_dpmpp_2m_sde_heun"], "dpm++2m_sde", Exact: false),
        new("DPM++ 2S a", ["k_dpmpp_2s_a"], "dpm++2s_a"),
        new("DPM++ 3M SDE", ["k_dpmpp_3m_sde"], "dpm++2m_sde", Exact: false),
        new("Euler a", ["k_euler_a", "k_euler_ancestral"], "euler_a"),
        new("Euler", ["k_euler"], "euler"),
        new("LMS", ["k_lms"], "lms"),
        new("Heun", ["k_heun"], "heun"),
        new("DPM2", ["k_dpm_2"], "dpm2"),
        new("DPM2 a", ["k_dpm_2_a"], "dpm2", Exact: false),
        new("DDIM", ["ddim"], "ddim_trailing"),
        new("PLMS", ["plms"], "ipndm", Exact: false),
        new("LCM", ["k_lcm", "lcm"], "lcm"),
        new("TCD", ["tcd"], "tcd"),
        new("Euler CFG++", ["euler_cfg_pp"], "euler_cfg_pp"),
        new("Euler a CFG++", ["euler_a_cfg_pp"], "euler_a_cfg_pp"),
    ];

    /// <summary>A1111 samplers with no counterpart in the library, refused with a message naming what to use.</summary>
    public static readonly IReadOnlyList<string> Unsupported = ["UniPC", "DPM fast", "DPM adaptive", "Restart", "DDIM CFG++"];

    public static readonly IReadOnlyList<A1111Scheduler> Schedulers =
    [
        new("automatic", "Automatic", null),
        new("uniform", "Uniform", "discrete"),
        new("karras", "Karras", "karras"),
        new("exponential", "Exponential", "exponential"),
        // Polyexponential at A1111's default rho (1) is the exponential schedule.
        new("polyexponential", "Polyexponential", "exponential", Exact: false),
        new("sgm_uniform", "SGM Uniform", "sgm_uniform"),
        new("kl_optimal", "KL Optimal", "kl_optimal"),
        new("align_your_steps", "Align Your Steps", "ays"),
        new("align_your_steps_GITS", "Align Your Steps GITS", "gits"),
        new("simple", "Simple", "simple"),
        new("normal", "Normal", "discrete"),
        new("ddim", "DDIM", "discrete", Exact: false),
        new("beta", "Beta", "beta"),
    ];

    /// <summary>Resolves a request's sampler and scheduler. Blank means "the model's own"; a scheduler suffix on the sampler name wins over <c>scheduler</c>, as in A1111.</summary>
    public static A1111SamplerChoice Resolve(string? samplerName, string? schedulerName)
    {
        string? scheduler = null;
        if (!string.IsNullOrWhiteSpace(schedulerName))
        {
            if (FindScheduler(schedulerName!) is not { } found)
                return new A1111SamplerChoice(null, null, "scheduler",
                    $"scheduler '{schedulerName!.Trim()}' is not known; use one of: {string.Join(", ", AcceptedSchedulerNames())}.");
            scheduler = found.Ours;
        }

        if (string.IsNullOrWhiteSpace(samplerName))
            return new A1111SamplerChoice(null, scheduler);

        var name = samplerName.Trim();
        if (FindSampler(name) is { } sampler)
            return new A1111SamplerChoice(sampler, scheduler);

        // "DPM++ 2M Karras": the pre-1.9 spelling with the scheduler as a suffix. As in A1111, the suffix wins over `scheduler`.
        foreach (var s in Schedulers.Where(s => s.Ours is not null))
        {
            foreach (var suffix in new[] { s.Label, s.Name }.Distinct().OrderByDescending(n => n.Length).Select(n => " " + n))
            {
                if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && FindSampler(name[..^suffix.Length].Trim()) is { } baseSampler)
                    return new A1111SamplerChoice(baseSampler, s.Ours);
            }
        }

        var unsupported = Unsupported.FirstOrDefault(u => name.StartsWith(u, StringComparison.OrdinalIgnoreCase));
        var why = unsupported is null ? "is not known" : "has no counterpart in stable-diffusion.cpp";
        return new A1111SamplerChoice(null, null, "sampler_name",
            $"sampler '{name}' {why}; use one of: {string.Join(", ", AcceptedSamplerNames())} (GET /sdapi/v1/samplers).");
    }

    /// <summary>The A1111 display name of one of our samplers (the exact counterpart), else our own name; null stays null.</summary>
    public static string? DisplayName(string? ours) =>
        ours is null ? null : Samplers.FirstOrDefault(s => s.Exact && s.Ours == ours)?.Name ?? ours;

    /// <summary>The A1111 label of one of our schedulers, else our own name; null (the model's own) is "Automatic".</summary>
    public static string SchedulerLabel(string? ours) =>
        ours is null ? "Automatic" : Schedulers.FirstOrDefault(s => s.Exact && s.Ours == ours)?.Label ?? ours;

    /// <summary>Every name a request may use, A1111's first, then ours that no A1111 name maps to exactly.</summary>
    public static IEnumerable<string> AcceptedSamplerNames() =>
        Samplers.Select(s => s.Name).Concat(OwnSamplersWithoutA1111Name());

    /// <summary>The library's samplers that no A1111 name runs exactly: listed and accepted under our own names.</summary>
    public static IEnumerable<string> OwnSamplersWithoutA1111Name() =>
        SamplerNames.SamplingMethods.Where(n => !Samplers.Any(s => s.Exact && s.Ours == n));

    public static IEnumerable<string> AcceptedSchedulerNames() =>
        Schedulers.Select(s => s.Label).Concat(OwnSchedulersWithoutA1111Name());

    public static IEnumerable<string> OwnSchedulersWithoutA1111Name() =>
        SamplerNames.Schedulers.Where(n => !Schedulers.Any(s => s.Exact && s.Ours == n));

    private static string? FindSampler(string name)
    {
        var match = Samplers.FirstOrDefault(s => Same(s.Name, name) || s.Aliases.Any(a => Same(a, name)));
        if (match is not null)
            return match.Ours;
        return SamplerNames.SamplingMethods.FirstOrDefault(n => Same(n, name));
    }

    private static A1111Scheduler? FindScheduler(string name)
    {
        var trimmed = name.Trim();
        var match = Schedulers.FirstOrDefault(s => Same(s.Name, trimmed) || Same(s.Label, trimmed));
        if (match is not null)
            return match;
        var ours = SamplerNames.Schedulers.FirstOrDefault(n => Same(n, trimmed));
        return ours is null ? null : new A1111Scheduler(ours, ours, ours);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
