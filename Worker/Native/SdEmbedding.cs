namespace SdSupervised.Worker.Native;

/// <summary><c>sd_embedding_t</c>: a textual-inversion embedding, name and file (UTF-8, NUL-terminated).</summary>
public unsafe struct SdEmbedding
{
    public byte* Name;
    public byte* Path;
}
