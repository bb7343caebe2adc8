using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using SdSupervised.Supervisor.Api;

namespace SdSupervised.Tests.Supervisor;

public sealed class ValidationErrorBuilderTests
{
    private static ApiError Build(params ValidationFailure[] failures) =>
        Assert.IsType<ApiError>(ValidationErrorBuilder.Build([.. failures], new DefaultHttpContext(), 400));

    [Fact]
    public void Validation_failures_are_keyed_by_snake_case_field()
    {
        var error = Build(
            new ValidationFailure("BatchCount", "batch_count must be between 1 and 16 (got 0)."),
            new ValidationFailure("Prompt", "prompt is required and must not be empty."));

        Assert.Equal(400, error.Status);
        Assert.Equal("validation_failed", error.Error);
        Assert.Equal(["batch_count must be between 1 and 16 (got 0)."], error.Errors!["batch_count"]);
        Assert.Equal(["prompt is required and must not be empty."], error.Errors["prompt"]);
        Assert.Contains("batch_count: batch_count must be between 1 and 16", error.Message);
        Assert.Contains("prompt: prompt is required", error.Message);
    }

    [Fact]
    public void Repeated_messages_for_a_field_appear_once_and_distinct_ones_are_kept()
    {
        var error = Build(
            new ValidationFailure("Fault", "fault injection is disabled."),
            new ValidationFailure("Fault", "fault injection is disabled."),
            new ValidationFailure("Fault", "fault 'x' is not one of: segv."));

        Assert.Equal(["fault injection is disabled.", "fault 'x' is not one of: segv."], error.Errors!["fault"]);
    }

    [Fact]
    public void Failure_without_a_property_is_about_the_request()
    {
        var error = Build(new ValidationFailure("", "body is required"));

        Assert.Equal(["body is required"], error.Errors!["request"]);
    }

    [Fact]
    public void Nested_property_path_becomes_one_snake_case_name()
    {
        var error = Build(new ValidationFailure("Parameters.FaultStep", "bad"));

        Assert.True(error.Errors!.ContainsKey("parameters_fault_step"), string.Join(", ", error.Errors.Keys));
    }

    [Fact]
    public void Serializer_errors_are_reported_as_malformed_json()
    {
        var error = Build(new ValidationFailure("SerializerErrors", "'x' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0."));

        Assert.Equal("malformed_json", error.Error);
        Assert.StartsWith("The request body is not valid JSON for this endpoint: ", error.Message);
        Assert.Contains("invalid start of a value", error.Message);
    }

    [Fact]
    public void Status_code_is_passed_through()
    {
        Assert.Equal(422, Assert.IsType<ApiError>(ValidationErrorBuilder.Build([new ValidationFailure("Width", "w")], new DefaultHttpContext(), 422)).Status);
    }
}
