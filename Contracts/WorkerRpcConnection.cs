using MessagePack;
using MessagePack.Resolvers;
using StreamJsonRpc;

namespace SdSupervised.Contracts;

/// <summary>Builds the StreamJsonRpc stack used on both ends of a worker pipe, so they can never disagree on framing or formatter.</summary>
public static class WorkerRpcConnection
{
    public const RpcFormatterKind DefaultFormatter = RpcFormatterKind.MessagePack;

    /// <summary>Creates a (not yet listening) <see cref="JsonRpc"/> over a connected duplex stream.</summary>
    public static JsonRpc Create(Stream duplex, RpcFormatterKind formatter = DefaultFormatter)
    {
        ArgumentNullException.ThrowIfNull(duplex);
        IJsonRpcMessageHandler handler = formatter switch
        {
            RpcFormatterKind.MessagePack => new LengthHeaderMessageHandler(duplex, duplex, CreateMessagePackFormatter()),
            RpcFormatterKind.Json => new HeaderDelimitedMessageHandler(duplex, duplex, new SystemTextJsonFormatter()),
            _ => throw new ArgumentOutOfRangeException(nameof(formatter), formatter, "Unknown RPC formatter."),
        };
        return new JsonRpc(handler);
    }

#pragma warning disable CS0618 // MessagePackFormatter is kept by StreamJsonRpc for compatibility; it is the fastest binary option available in our registry.
    private static MessagePackFormatter CreateMessagePackFormatter()
    {
        var formatter = new MessagePackFormatter();
        // Contracts are plain records without attributes; contractless keys by property name.
        formatter.SetMessagePackSerializerOptions(
            MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance));
        return formatter;
    }
#pragma warning restore CS0618
}
