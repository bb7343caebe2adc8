namespace SdSupervised.Supervisor.Models.Detection;

/// <summary>A file a diffusion model needs beside it. The names are the ones users know (sd.cpp's flags).</summary>
public enum CompanionKind
{
    Vae,
    ClipL,
    ClipG,
    /// <summary>OpenCLIP ViT-H, SD 2.x's text encoder; only ever inside the checkpoint.</summary>
    ClipH,
    T5xxl,
    /// <summary>UMT5-XXL (Wan); passed to the engine as its t5xxl.</summary>
    Umt5,
    /// <summary>The LLM text encoder (Qwen2.5-VL for Qwen Image).</summary>
    Llm,
    ClipVision,
    Taesd,
}
