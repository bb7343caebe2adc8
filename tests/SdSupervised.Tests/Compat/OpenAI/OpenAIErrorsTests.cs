using System.Collections.Immutable;
using System.Text.Json;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Compat.OpenAI;

public sealed class OpenAIErrorsTests
{
    private static JsonElement Serialized(OpenAIFailure failure) =>
        JsonDocument.Parse(JsonSerializer.Serialize(failure.Body, ApiJson.Options)).RootElement;

    [Fact]
    public void The_body_is_OpenAIs_error_object_with_param_and_code_always_present()
    {
        var json = Serialized(OpenAIErrors.Server("engine failed"));

        var error = json.GetProperty("error");
        Assert.Equal(["error"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("engine failed", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
    }

    [Fact]
    public void A_missing_parameter_is_named_in_param()
    {
        var failure = OpenAIErrors.Missing("prompt");

        var error = Serialized(failure).GetProperty("error");
        Assert.Equal(400, failure.Status);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("prompt", error.GetProperty("param").GetString());
        Assert.Equal("missing_required_parameter", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("width", "size")]
    [InlineData("height", "size")]
    [InlineData("batch_count", "n")]
    [InlineData("init_image", "image")]
    [InlineData("mask_image", "mask")]
    [InlineData("steps", "steps")]
    [InlineData("cfg_scale", "cfg_scale")]
    [InlineData("prompt", "prompt")]
    [InlineData("loras[0].name", "loras")]
    public void Seed_field_names_map_back_to_the_OpenAI_parameter(string field, string param)
    {
        var failure = OpenAIErrors.FromSubmitError(new SubmitError(RefusalKind.Invalid, "validation_failed", $"{field}: bad", new Dictionary<string, string[]> { [field] = ["bad"] }));

        Assert.Equal(400, failure.Status);
        Assert.Equal(param, failure.Error.Param);
        Assert.Equal("invalid_request_error", failure.Error.Type);
        Assert.Equal($"{field}: bad", failure.Error.Message);
    }

    [Fact]
    public void A_full_queue_is_429_with_its_retry_after()
    {
        var failure = OpenAIErrors.FromSubmitError(new SubmitError(RefusalKind.QueueFull, "queue_full", "the queue is full", null, TimeSpan.FromSeconds(30)));

        Assert.Equal(429, failure.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        Assert.Equal("rate_limit_exceeded", failure.Error.Code);
        Assert.True(failure.ShouldRetry);
    }

    [Theory]
    [InlineData(RefusalKind.ShuttingDown, "shutting_down", true)]
    [InlineData(RefusalKind.StorageFull, "storage_full", false)]
    [InlineData(RefusalKind.Invalid, "invalid", null)]
    public void Submit_refusals_invite_a_retry_only_when_one_can_pass(RefusalKind kind, string code, bool? shouldRetry) =>
        Assert.Equal(shouldRetry, OpenAIErrors.FromSubmitError(new SubmitError(kind, code, "refused", null, TimeSpan.FromSeconds(5))).ShouldRetry);

    [Fact]
    public void A_job_still_running_after_the_wait_is_a_504_that_asks_not_to_retry()
    {
        var failure = OpenAIErrors.Timeout("j1", TimeSpan.FromSeconds(60));

        Assert.Equal(504, failure.Status);
        Assert.False(failure.ShouldRetry);
    }

    [Fact]
    public void An_unknown_model_is_404_model_not_found()
    {
        var failure = OpenAIErrors.FromSubmitError(new SubmitError(RefusalKind.NotFound, "not_found", "model 'x' is not in the catalog", new Dictionary<string, string[]> { ["model"] = ["x"] }));

        Assert.Equal(404, failure.Status);
        Assert.Equal("model", failure.Error.Param);
        Assert.Equal("model_not_found", failure.Error.Code);
    }

    [Fact]
    public void A_failed_job_is_a_non_retryable_422_server_error_carrying_the_engines_message()
    {
        var job = new Job
        {
            Id = "j1",
            Request = new GenerationParameters(),
            Status = JobStatus.Failed,
            Error = new JobError(FailureKind.CudaOutOfMemory, "out of GPU memory at 2048x2048"),
            Failures = ImmutableList<JobFailure>.Empty,
        };

        var failure = OpenAIErrors.FromFinishedJob(job);

        Assert.Equal(422, failure.Status);
        Assert.False(failure.ShouldRetry);
        Assert.Equal("server_error", failure.Error.Type);
        Assert.Contains("out of GPU memory at 2048x2048", failure.Error.Message);
        Assert.Equal("cuda_out_of_memory", failure.Error.Code);
    }

    [Fact]
    public void A_cancelled_job_is_a_non_retryable_409()
    {
        var job = new Job { Id = "j2", Request = new GenerationParameters(), Status = JobStatus.Cancelled, Failures = ImmutableList<JobFailure>.Empty };

        var failure = OpenAIErrors.FromFinishedJob(job);

        Assert.Equal(409, failure.Status);
        Assert.False(failure.ShouldRetry);
        Assert.Equal("cancelled", failure.Error.Code);
    }

    [Fact]
    public void A_refused_upload_keeps_its_status_and_names_the_form_field()
    {
        var failure = OpenAIErrors.FromImageInput("mask", new ImageInputError(413, "image_too_large", "the image is 40 MB; the limit is 32 MB"));

        Assert.Equal(413, failure.Status);
        Assert.Equal("mask", failure.Error.Param);
        Assert.Equal("image_too_large", failure.Error.Code);
        Assert.Contains("40 MB", failure.Error.Message);
    }
}
