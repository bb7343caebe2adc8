namespace SdSupervised.Supervisor.Models.Headers;

/// <summary>What a model file's header says, read without touching the tensor data.</summary>
public sealed record ModelHeader
{
    public ModelFileFormat Format { get; init; }
    public IReadOnlyList<TensorInfo> Tensors { get; init; } = [];
    /// <summary>safetensors <c>__metadata__</c>, or GGUF key/values (scalars as text, arrays summarised).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Bytes of header before the data region (safetensors: 8 + JSON length; GGUF: aligned start of the data).</summary>
    public long HeaderLength { get; init; }
    /// <summary>Where the last tensor's data ends; a valid file is at least this long.</summary>
    public long DataEnd { get; init; }
    public long FileLength { get; init; }
    /// <summary>GGUF version (2 or 3); null for other formats.</summary>
    public int? Version { get; init; }

    public static ModelHeader Empty(ModelFileFormat format, long fileLength) => new() { Format = format, FileLength = fileLength };
}
