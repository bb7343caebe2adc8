namespace SdSupervised.Worker.Native;

/// <summary><c>sd_lora_t</c> (16 bytes on x86-64).</summary>
public unsafe struct SdLora
{
    public CBool IsHighNoise;
    public float Multiplier;
    public byte* Path;
}
