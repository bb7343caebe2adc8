namespace SdSupervised.Contracts;

/// <summary>Wire format of the worker pipe. MessagePack is the default: image pixels travel as raw bytes, not base64 (see README, "Pipe format").</summary>
public enum RpcFormatterKind
{
    MessagePack,
    Json,
}
