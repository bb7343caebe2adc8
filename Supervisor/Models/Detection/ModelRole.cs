namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>What a file does in a generation: the model itself, or something loaded with it.</summary>
public enum ModelRole
{
    Unknown,
    DiffusionModel,
    TextEncoder,
    Vae,
    Taesd,
    Upscaler,
    ControlNet,
    Lora,
    PhotoMaker,
    ClipVision,
    Embedding,
}
