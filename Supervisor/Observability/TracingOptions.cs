using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Observability;

/// <summary>OpenTelemetry tracing, section <c>Sds:Tracing</c>; off until an OTLP endpoint is set.</summary>
public sealed class TracingOptions : IValidatableObject
{
    public const string SectionName = "Sds:Tracing";

    /// <summary>OTLP collector, e.g. <c>http://127.0.0.1:4317</c> (gRPC) or <c>http://127.0.0.1:4318/v1/traces</c> (HTTP). Empty: tracing off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http</c> (HTTP/protobuf; the endpoint is then the full <c>/v1/traces</c> URL).</summary>
    [RegularExpression("^(grpc|http)$", ErrorMessage = "Sds:Tracing:OtlpProtocol must be 'grpc' or 'http'")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Share of new traces recorded (a request that arrives with a sampled <c>traceparent</c> is always recorded).</summary>
    [Range(0.0, 1.0, ErrorMessage = "Sds:Tracing:SamplingRatio must be from 0 to 1")]
    public double SamplingRatio { get; set; } = 1.0;

    public bool Enabled => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    public bool UsesHttp => OtlpProtocol == "http";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !IsHttpUrl(OtlpEndpoint!))
            yield return new ValidationResult($"Sds:Tracing:OtlpEndpoint must be an absolute http(s) URL, got '{OtlpEndpoint}'", [nameof(OtlpEndpoint)]);
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
