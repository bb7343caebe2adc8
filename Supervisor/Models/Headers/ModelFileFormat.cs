namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>How a file in the models directory is stored.</summary>
public enum ModelFileFormat
{
    Unknown,
    Safetensors,
    Gguf,
    /// <summary>A PyTorch pickle (<c>.ckpt</c>, <c>.pt</c>, <c>.pth</c>, zip or legacy): its tensors are only known after loading it.</summary>
    Pickle,
    /// <summary>Presets and prompts (<c>.json</c>, <c>.yaml</c>, <c>.txt</c>): no tensors.</summary>
    Text,
}
