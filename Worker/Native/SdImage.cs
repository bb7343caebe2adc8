namespace SdSupervised.Worker.Native;

/// <summary><c>sd_image_t</c>: row-major pixels, <see cref="Channel"/> bytes each (24 bytes on x86-64).</summary>
public unsafe struct SdImage
{
    public uint Width;
    public uint Height;
    public uint Channel;
    public byte* Data;
}
