using System.ComponentModel.DataAnnotations;
using SdSupervised.Supervisor.Observability;

namespace SdSupervised.Tests.Observability;

public sealed class TracingOptionsTests
{
    public static TheoryData<TracingOptions, string?> Cases => new()
    {
        { new TracingOptions(), null },
        { new TracingOptions { OtlpEndpoint = "http://127.0.0.1:4317" }, null },
        { new TracingOptions { OtlpEndpoint = "https://collector:4318/v1/traces", OtlpProtocol = "http", SamplingRatio = 0.1 }, null },
        { new TracingOptions { OtlpEndpoint = "collector:4317" }, "Sds:Tracing:OtlpEndpoint must be an absolute http(s) URL, got 'collector:4317'" },
        { new TracingOptions { OtlpEndpoint = "http://127.0.0.1:4317", OtlpProtocol = "udp" }, "Sds:Tracing:OtlpProtocol must be 'grpc' or 'http'" },
        { new TracingOptions { SamplingRatio = 1.5 }, "Sds:Tracing:SamplingRatio must be from 0 to 1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tracing_options_are_validated_with_one_clear_message(TracingOptions options, string? error)
    {
        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(error is null, valid);
        if (error is not null)
            Assert.Equal(error, Assert.Single(results).ErrorMessage);
    }

    [Fact]
    public void Tracing_is_off_until_an_endpoint_is_set()
    {
        Assert.False(new TracingOptions().Enabled);
        Assert.False(new TracingOptions { OtlpEndpoint = " " }.Enabled);
        Assert.True(new TracingOptions { OtlpEndpoint = "http://127.0.0.1:4317" }.Enabled);
    }
}
