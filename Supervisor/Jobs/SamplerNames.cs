namespace SdSupervised.Supervisor.Jobs;

/// <summary>Sampler and scheduler names of the pinned stable-diffusion.cpp (sample_method_t / scheduler_t, tag master-827-97d2990).</summary>
public static class SamplerNames
{
    public static readonly IReadOnlyList<string> SamplingMethods =
    [
        "euler", "euler_a", "heun", "dpm2", "dpm++2s_a", "dpm++2m", "dpm++2mv2", "ipndm", "ipndm_v", "lcm",
        "ddim_trailing", "tcd", "res_multistep", "res_2s", "er_sde", "euler_cfg_pp", "euler_a_cfg_pp", "euler_ge",
        "dpm++2m_sde", "dpm++2m_sde_bt", "lms",
    ];

    public static readonly IReadOnlyList<string> Schedulers =
    [
        "discrete", "karras", "exponential", "ays", "gits", "sgm_uniform", "simple", "smoothstep", "kl_optimal",
        "lcm", "bong_tangent", "ltx2", "logit_normal", "flux2", "flux", "beta",
    ];
}
