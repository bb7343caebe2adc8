using SdSupervised.Contracts;

namespace SdSupervised.Worker;

/// <summary>The worker's command line, parsed and validated by <see cref="WorkerOptionsParser"/>.</summary>
public sealed record WorkerOptions
{
    public const int DefaultSyntheticStepMs = 50;
    public const int DefaultSyntheticLoadMs = 200;
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(60);

    public required string PipeName { get; init; }
    public required string WorkerId { get; init; }
    public required EngineKind Engine { get; init; }
    public bool AllowFaultInjection { get; init; }
    public int SyntheticStepMs { get; init; } = DefaultSyntheticStepMs;
    public int SyntheticLoadMs { get; init; } = DefaultSyntheticLoadMs;
    /// <summary>Synthetic engine: size of the simulated device (null: none).</summary>
    public long? SyntheticDeviceMemoryBytes { get; init; }
    /// <summary>Synthetic engine: simulated device memory each job leaves behind.</summary>
    public long SyntheticMemoryGrowthBytes { get; init; }
    public string? NativeLibrary { get; init; }
    /// <summary>Use a native library that does not report the pinned version (see NativeVersionPolicy).</summary>
    public bool AllowUnpinnedNative { get; init; }
    /// <summary>Native engine: load every weight in new_sd_ctx (default), so a bad file fails the load cleanly.</summary>
    public bool NativeEagerLoad { get; init; } = true;
    public RpcFormatterKind RpcFormatter { get; init; } = WorkerRpcConnection.DefaultFormatter;
    /// <summary>How long to wait for the supervisor to connect before giving up as a startup failure.</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;
    /// <summary>Where the worker's spans go (the supervisor's <c>Sds:Tracing:OtlpEndpoint</c>); null: tracing off.</summary>
    public Uri? OtlpEndpoint { get; init; }
    /// <summary>OTLP over HTTP/protobuf instead of gRPC.</summary>
    public bool OtlpHttp { get; init; }
}
