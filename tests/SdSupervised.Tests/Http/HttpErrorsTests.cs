using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Tests.Http;

/// <summary>The error answers the HTTP layer writes itself: 500 with the request id, 413 for bodies over the limit, 429 with Retry-After.</summary>
public sealed class HttpErrorsTests
{
    private static DefaultHttpContext Context(long? maxBody = null)
    {
        var context = new DefaultHttpContext { TraceIdentifier = "req-42" };
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(new FixedBodySize(maxBody));
        return context;
    }

    [Fact]
    public void An_unexpected_exception_is_a_500_with_the_request_id_and_no_internals()
    {
        var error = ApiExceptionResponder.For(new InvalidOperationException("secret path /var/lib/x"), Context());

        Assert.Equal(500, error.Status);
        Assert.Equal("internal_error", error.Error);
        Assert.Equal("req-42", error.RequestId);
        Assert.DoesNotContain("/var/lib", error.Message);
        Assert.Contains("\"request_id\":\"req-42\"", JsonSerializer.Serialize(error, ApiJson.Options));
    }

    [Fact]
    public void Kestrels_body_too_large_is_a_413_naming_the_limit_and_the_setting()
    {
        var error = ApiExceptionResponder.For(new BadHttpRequestException("Request body too large.", 413), Context(4096));

        Assert.Equal(413, error.Status);
        Assert.Equal("payload_too_large", error.Error);
        Assert.Contains("4096 bytes", error.Message);
        Assert.Contains("Sds:Limits:MaxRequestBodyBytes", error.Message);
    }

    [Fact]
    public void The_multipart_limit_and_a_wrapped_413_are_recognised_too()
    {
        Assert.True(BodySizeLimit.IsTooLarge(new InvalidDataException("Multipart body length limit 4096 exceeded.")));
        Assert.True(BodySizeLimit.IsTooLarge(new IOException("read failed", new BadHttpRequestException("too large", 413))));
        Assert.False(BodySizeLimit.IsTooLarge(new BadHttpRequestException("bad chunk", 400)));
        Assert.False(BodySizeLimit.IsTooLarge(null));
    }

    [Fact]
    public void Other_bad_requests_keep_their_status_and_are_not_server_errors()
    {
        var error = ApiExceptionResponder.For(new BadHttpRequestException("Unexpected end of request content.", 400), Context());
        Assert.Equal(400, error.Status);
        Assert.Equal("bad_request", error.Error);
    }

    [Fact]
    public void A_size_limit_failure_filed_as_a_validation_error_becomes_413()
    {
        var context = Context(4096);
        var failures = new List<FluentValidation.Results.ValidationFailure>
        {
            new("SerializerErrors", "Request body too large. The max request body size is 4096 bytes."),
        };

        var error = Assert.IsType<ApiError>(ValidationErrorBuilder.Build(failures, context, 400));

        Assert.Equal(413, error.Status);
        Assert.Equal("payload_too_large", error.Error);
        Assert.Equal(413, context.Response.StatusCode);
    }

    [Theory]
    [InlineData(0.0, "1")]
    [InlineData(0.2, "1")]
    [InlineData(1.0, "1")]
    [InlineData(1.01, "2")]
    [InlineData(90.0, "90")]
    public void Retry_after_is_whole_seconds_rounded_up_and_never_zero(double seconds, string header) =>
        Assert.Equal(header, RetryAfter.Seconds(TimeSpan.FromSeconds(seconds)));

    private sealed class FixedBodySize(long? limit) : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;
        public long? MaxRequestBodySize { get; set; } = limit;
    }
}
