namespace SdSupervised.Supervisor.Jobs;

/// <summary>What one sampling method is, for <c>GET /api/samplers</c>.</summary>
/// <param name="Stochastic">Adds fresh noise every step: the image keeps changing with the step count.</param>
/// <param name="EvaluationsPerStep">Model evaluations per step; 2 takes about twice the time of 1 at the same steps.</param>
public sealed record SamplerDescription(string Description, bool Stochastic, int EvaluationsPerStep);

/// <summary>
/// Short descriptions of the pinned library's samplers and schedulers. Kept beside <see cref="SamplerNames"/> and
/// checked against it by a test, so a name added there without a description fails the build's tests.
/// </summary>
public static class SamplerDescriptions
{
    public static readonly IReadOnlyDictionary<string, SamplerDescription> Samplers = new Dictionary<string, SamplerDescription>
    {
        ["euler"] = new("Euler: first order, deterministic, fast; a good default", false, 1),
        ["euler_a"] = new("Euler ancestral: Euler with fresh noise each step; varied, soft results", true, 1),
        ["heun"] = new("Heun: second order, more accurate per step than Euler", false, 2),
        ["dpm2"] = new("DPM2: second-order DPM-Solver", false, 2),
        ["dpm++2s_a"] = new("DPM++ 2S ancestral: second-order single-step with fresh noise", true, 2),
        ["dpm++2m"] = new("DPM++ 2M: second-order multistep, deterministic; sharp in 20-30 steps", false, 1),
        ["dpm++2mv2"] = new("DPM++ 2M v2: stable-diffusion.cpp's revised DPM++ 2M", false, 1),
        ["ipndm"] = new("iPNDM: improved pseudo-numerical multistep, deterministic", false, 1),
        ["ipndm_v"] = new("iPNDM-v: iPNDM for variable step sizes", false, 1),
        ["lcm"] = new("LCM: for latent-consistency (LCM, Turbo, Lightning) models and LoRAs; 2-8 steps, cfg about 1", true, 1),
        ["ddim_trailing"] = new("DDIM with trailing timesteps, deterministic", false, 1),
        ["tcd"] = new("TCD: for trajectory-consistency-distilled models and LoRAs; few steps", true, 1),
        ["res_multistep"] = new("RES multistep: second-order exponential integrator", false, 1),
        ["res_2s"] = new("RES 2S: two-stage exponential integrator", false, 2),
        ["er_sde"] = new("ER-SDE: extended reverse-time SDE solver", true, 1),
        ["euler_cfg_pp"] = new("Euler with CFG++ guidance; use a low cfg_scale (about 1-2)", false, 1),
        ["euler_a_cfg_pp"] = new("Euler ancestral with CFG++ guidance; use a low cfg_scale (about 1-2)", true, 1),
        ["euler_ge"] = new("Euler with gradient estimation", false, 1),
        ["dpm++2m_sde"] = new("DPM++ 2M SDE: DPM++ 2M with fresh noise each step", true, 1),
        ["dpm++2m_sde_bt"] = new("DPM++ 2M SDE with Brownian-tree noise", true, 1),
        ["lms"] = new("LMS: linear multistep", false, 1),
    };

    public static readonly IReadOnlyDictionary<string, string> Schedulers = new Dictionary<string, string>
    {
        ["discrete"] = "the model's own training timesteps, evenly spaced",
        ["karras"] = "Karras et al.: more steps at low noise; pairs well with DPM++",
        ["exponential"] = "sigmas evenly spaced in log space",
        ["ays"] = "Align Your Steps: tuned schedules for SD 1.x, SDXL and SVD",
        ["gits"] = "GITS: a schedule fitted to the sampling trajectory, for few steps",
        ["sgm_uniform"] = "uniform timesteps as in SGM (SDXL Turbo and Lightning)",
        ["simple"] = "evenly spaced over the model's sigmas",
        ["smoothstep"] = "smoothstep-shaped spacing of the timesteps",
        ["kl_optimal"] = "KL-optimal spacing",
        ["lcm"] = "the schedule of latent-consistency models",
        ["bong_tangent"] = "tangent-shaped spacing",
        ["ltx2"] = "the schedule of LTX-Video 2 models",
        ["logit_normal"] = "logit-normal spaced timesteps, for flow models",
        ["flux2"] = "the shifted schedule of Flux 2 models",
        ["flux"] = "the shifted schedule of Flux models",
        ["beta"] = "timesteps spaced by a beta distribution",
    };
}
