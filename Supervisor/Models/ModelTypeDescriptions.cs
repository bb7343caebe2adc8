namespace SdSupervised.Supervisor.Models;

/// <summary>What each model type is for, for <c>GET /api/models/types</c>.</summary>
public static class ModelTypeDescriptions
{
    public static string Of(ModelType type) => type switch
    {
        ModelType.Checkpoint => "a full model (diffusion model, VAE and text encoders in one file); loaded as the model",
        ModelType.DiffusionModel => "a diffusion model alone (Flux, SD3, Wan, Qwen Image…); needs its VAE and text encoders beside it",
        ModelType.Vae => "a VAE that decodes latents to pixels; vae_model replaces the model's own",
        ModelType.Lora => "a LoRA that adjusts a model: loras [{name, weight}] or <lora:name:weight> in the prompt",
        ModelType.Taesd => "a tiny autoencoder (TAESD) for fast, rough decoding",
        ModelType.Esrgan => "an ESRGAN upscaler for upscale jobs and hires fix (esrgan_model)",
        ModelType.Upscaler => "an upscaler model for upscale jobs",
        ModelType.Controlnet => "a ControlNet that steers generation by a control image (control_net_model)",
        ModelType.Embedding => "a textual-inversion embedding, used by its name in the prompt",
        ModelType.TextEncoder => "a text encoder (CLIP-L, CLIP-G, T5-XXL, an LLM) a diffusion model needs",
        ModelType.ClipVision => "a CLIP vision encoder that image-to-video models need",
        ModelType.Photomaker => "a PhotoMaker model for identity-preserving generation",
        ModelType.Presets => "named parameter sets (JSON or YAML)",
        ModelType.Prompts => "saved prompts",
        ModelType.NegPrompts => "saved negative prompts",
        _ => type.ToString(),
    };
}
