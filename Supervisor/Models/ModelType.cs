namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The seed's model types with their values (flags, so a filter can combine them), extended with the folders
/// the seed lacked: text encoders, standalone diffusion models, CLIP vision and PhotoMaker.
/// </summary>
[Flags]
public enum ModelType
{
    None = 0,
    Lora = 1,
    Checkpoint = 2,
    Vae = 4,
    Presets = 8,
    Prompts = 16,
    NegPrompts = 32,
    Taesd = 64,
    Esrgan = 128,
    Controlnet = 256,
    Upscaler = 512,
    Embedding = 1024,
    TextEncoder = 2048,
    DiffusionModel = 4096,
    ClipVision = 8192,
    Photomaker = 16384,
}
