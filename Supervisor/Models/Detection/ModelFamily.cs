namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>The base model family an architecture, a LoRA, a ControlNet or a TAESD belongs to.</summary>
public enum ModelFamily
{
    Unknown,
    Sd1,
    Sd2,
    Sdxl,
    Sd3,
    Flux,
    Chroma,
    Wan,
    QwenImage,
}
