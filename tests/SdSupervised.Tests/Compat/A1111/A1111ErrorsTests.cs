using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111ErrorsTests
{
    [Fact]
    public void Validation_refusals_become_422s_with_A1111s_field_names()
    {
        var error = new SubmitError(RefusalKind.Invalid, "validation_failed", "…", new Dictionary<string, string[]>
        {
            ["batch_count"] = ["batch_count must be between 1 and 16 (got 20)."],
            ["sampling_method"] = ["bad"],
            ["hires_scale"] = ["too big"],
            ["hires_denoising_strength"] = ["a"],
            ["strength"] = ["b"],
            ["model"] = ["model 'x' is not in the catalog"],
            ["width"] = ["w"],
        });

        var failure = A1111Errors.FromSubmitError(error);

        Assert.Equal(422, failure.Status);
        Assert.Equal("validation_failed", failure.Code);
        Assert.Equal(["batch_size", "sampler_name", "hr_scale", "denoising_strength", "override_settings.sd_model_checkpoint", "width"], failure.Errors!.Keys);
        Assert.Equal(["a", "b"], failure.Errors["denoising_strength"]);
        Assert.Equal(["batch_size * n_iter must be between 1 and 16 (got 20)."], failure.Errors["batch_size"]);
        Assert.Contains("override_settings.sd_model_checkpoint: model 'x' is not in the catalog", failure.Message);
        Assert.Equal(failure.Message, failure.Body.Detail);
    }

    [Fact]
    public void A_full_queue_keeps_429_and_retry_after()
    {
        var failure = A1111Errors.FromSubmitError(new SubmitError(RefusalKind.QueueFull, "queue_full", "full", RetryAfter: TimeSpan.FromSeconds(12)));

        Assert.Equal((429, "queue_full", TimeSpan.FromSeconds(12)), (failure.Status, failure.Code, failure.RetryAfter));
    }

    [Fact]
    public void Unreadable_images_keep_their_4xx_and_name_A1111s_field()
    {
        var bad = A1111Errors.FromImageError("init_images", new ImageInputError(400, "invalid_image", "not base64"));
        var big = A1111Errors.FromImageError("mask", new ImageInputError(413, "image_too_large", "too large"));

        Assert.Equal((422, "invalid_image", "init_images: not base64"), (bad.Status, bad.Code, bad.Message));
        Assert.Equal(413, big.Status);
        Assert.Equal(["mask"], big.Errors!.Keys);
    }
}
