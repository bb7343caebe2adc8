using System.Globalization;
using SdSupervised.Contracts;

namespace SdSupervised.Worker;

/// <summary>Parses the worker command line; any mistake is a <see cref="WorkerStartupException"/> with one clear reason.</summary>
public static class WorkerOptionsParser
{
    public const string Usage =
        "usage: sds-worker --pipe <name> --worker-id <id> --engine synthetic|native [--allow-fault-injection] " +
        "[--synthetic-step-ms N] [--synthetic-load-ms N] [--synthetic-device-memory-bytes N] [--synthetic-memory-growth-bytes N] [--native-library <path>] [--allow-unpinned-native] [--native-lazy-load] " +
        "[--rpc-formatter msgpack|json] [--connect-timeout-ms N] [--otlp-endpoint <url> [--otlp-protocol grpc|http]]";

    private const int MaxMilliseconds = 600_000;

    private static readonly string[] Flags = ["--allow-fault-injection", "--allow-unpinned-native", "--native-lazy-load"];

    private static readonly string[] Valued =
    [
        "--pipe", "--worker-id", "--engine", "--synthetic-step-ms", "--synthetic-load-ms",
        "--synthetic-device-memory-bytes", "--synthetic-memory-growth-bytes",
        "--native-library", "--rpc-formatter", "--connect-timeout-ms", "--otlp-endpoint", "--otlp-protocol",
    ];

    public static WorkerOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? inlineValue = null;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            if (Flags.Contains(name))
            {
                if (inlineValue is not null)
                    throw Fail($"{name} takes no value, got '{arg}'");
                if (!flags.Add(name))
                    throw Fail($"{name} is given twice");
                continue;
            }

            if (!Valued.Contains(name))
            {
                throw Fail(name.StartsWith('-')
                    ? $"unknown option '{name}'"
                    : $"unexpected argument '{arg}'");
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw Fail($"{name} needs a value");
            }

            if (string.IsNullOrWhiteSpace(value))
                throw Fail($"{name} needs a non-empty value");
            if (!values.TryAdd(name, value))
                throw Fail($"{name} is given twice");
        }

        return new WorkerOptions
        {
            PipeName = Required(values, "--pipe", "<name>"),
            WorkerId = Required(values, "--worker-id", "<id>"),
            Engine = ParseEngine(Required(values, "--engine", "synthetic|native")),
            AllowFaultInjection = flags.Contains("--allow-fault-injection"),
            SyntheticStepMs = Milliseconds(values, "--synthetic-step-ms", WorkerOptions.DefaultSyntheticStepMs, min: 0),
            SyntheticLoadMs = Milliseconds(values, "--synthetic-load-ms", WorkerOptions.DefaultSyntheticLoadMs, min: 0),
            SyntheticDeviceMemoryBytes = values.ContainsKey("--synthetic-device-memory-bytes") ? Bytes(values, "--synthetic-device-memory-bytes", min: 1) : null,
            SyntheticMemoryGrowthBytes = values.ContainsKey("--synthetic-memory-growth-bytes") ? Bytes(values, "--synthetic-memory-growth-bytes", min: 0) : 0,
            NativeLibrary = values.GetValueOrDefault("--native-library"),
            AllowUnpinnedNative = flags.Contains("--allow-unpinned-native"),
            NativeEagerLoad = !flags.Contains("--native-lazy-load"),
            RpcFormatter = ParseFormatter(values.GetValueOrDefault("--rpc-formatter")),
            ConnectTimeout = TimeSpan.FromMilliseconds(Milliseconds(
                values, "--connect-timeout-ms", (int)WorkerOptions.DefaultConnectTimeout.TotalMilliseconds, min: 1)),
            OtlpEndpoint = ParseOtlpEndpoint(values.GetValueOrDefault("--otlp-endpoint")),
            OtlpHttp = ParseOtlpProtocol(values.GetValueOrDefault("--otlp-protocol")),
        };
    }

    private static string Required(Dictionary<string, string> values, string name, string placeholder) =>
        values.TryGetValue(name, out var value)
            ? value
            : throw Fail($"{name} {placeholder} is required");

    private static EngineKind ParseEngine(string value) => value.ToLowerInvariant() switch
    {
        "synthetic" => EngineKind.Synthetic,
        "native" => EngineKind.Native,
        _ => throw Fail($"unknown engine '{value}' (--engine): use synthetic or native", withUsage: false),
    };

    private static RpcFormatterKind ParseFormatter(string? value) => value?.ToLowerInvariant() switch
    {
        null => WorkerRpcConnection.DefaultFormatter,
        "msgpack" or "messagepack" => RpcFormatterKind.MessagePack,
        "json" => RpcFormatterKind.Json,
        _ => throw Fail($"unknown RPC formatter '{value}' (--rpc-formatter): use msgpack or json, the same as the supervisor", withUsage: false),
    };

    private static Uri? ParseOtlpEndpoint(string? value)
    {
        if (value is null)
            return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw Fail($"--otlp-endpoint must be an absolute http(s) URL, got '{value}'", withUsage: false);
        return uri;
    }

    private static bool ParseOtlpProtocol(string? value) => value?.ToLowerInvariant() switch
    {
        null or "grpc" => false,
        "http" or "http/protobuf" => true,
        _ => throw Fail($"unknown OTLP protocol '{value}' (--otlp-protocol): use grpc or http", withUsage: false),
    };

    private static int Milliseconds(Dictionary<string, string> values, string name, int fallback, int min)
    {
        if (!values.TryGetValue(name, out var text))
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > MaxMilliseconds)
            throw Fail($"{name} must be a whole number of milliseconds from {min} to {MaxMilliseconds}, got '{text}'", withUsage: false);
        return value;
    }

    private static long Bytes(Dictionary<string, string> values, string name, long min)
    {
        var text = values[name];
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
            throw Fail($"{name} must be a whole number of bytes, at least {min}, got '{text}'", withUsage: false);
        return value;
    }

    /// <summary>Structural mistakes get the usage appended; a bad value's message already says what to use.</summary>
    private static WorkerStartupException Fail(string reason, bool withUsage = true) =>
        new(withUsage ? $"{reason}; {Usage}" : reason);
}
