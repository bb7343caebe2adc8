namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>
/// What a model file is, as told by its tensor names and shapes (see <see cref="ArchitectureSignatures"/>).
/// Its API name and facts live in <see cref="Architectures"/>.
/// </summary>
public enum ModelArchitecture
{
    Unknown,

    // UNet family (model_path)
    Sd1, Sd1Inpaint, Sd1Pix2Pix, TinySd, Sdxs512,
    Sd2, Sd2Inpaint, Sd2TinyUnet,
    Sdxl, SdxlInpaint, SdxlPix2Pix, SdxlRefiner, Ssd1b, SdxlVega,
    Svd,

    // DiT family (diffusion_model_path, or model_path for all-in-one files)
    Sd3Medium, Sd35Medium, Sd35Large,
    FluxDev, FluxSchnell, FluxKontext, FluxFill, FluxControls,
    Chroma, ChromaRadiance,
    Wan21T2V, Wan21I2V, Wan21Flf2V, Wan21Vace, Wan22T2V, Wan22I2V, Wan22Ti2V,
    QwenImage, QwenImageEdit,

    // Companions
    ClipL, ClipG, ClipH, T5Xxl, Umt5Xxl, Qwen25Vl, Qwen25VlVision, ClipVision,
    VaeSd, VaeSdxl, VaeFlux, VaeSd3, VaeWan21, VaeQwenImage, VaeWan22,
    Taesd, Esrgan, ControlNet, Lora, PhotoMaker, Embedding,
}
