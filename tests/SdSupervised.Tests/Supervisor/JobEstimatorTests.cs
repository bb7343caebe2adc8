using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Supervisor;

public sealed class JobEstimatorTests
{
    private static readonly GenerationParameters Base = new() { Prompt = "x", Width = 512, Height = 512, Steps = 20 };

    [Fact]
    public void A_512_square_step_is_one_unit_and_size_batch_and_steps_scale_it()
    {
        Assert.Equal(20, JobEstimator.WorkUnits(JobType.Text2Img, Base));
        Assert.Equal(80, JobEstimator.WorkUnits(JobType.Text2Img, Base with { Width = 1024, Height = 1024 }));
        Assert.Equal(60, JobEstimator.WorkUnits(JobType.Text2Img, Base with { BatchCount = 3 }));
    }

    [Fact]
    public void Img2img_runs_about_strength_times_steps()
    {
        Assert.Equal(10, JobEstimator.WorkUnits(JobType.Img2Img, Base with { Strength = 0.5f }));
        Assert.Equal(15, JobEstimator.WorkUnits(JobType.Img2Img, Base));
        Assert.Equal(1, JobEstimator.WorkUnits(JobType.Inpainting, Base with { Strength = 0 }));
    }

    [Fact]
    public void Hires_adds_its_second_pass_at_the_larger_size()
    {
        var hires = Base with { Hires = new HiresParameters { Scale = 2, Steps = 10, DenoisingStrength = 0.5f } };

        Assert.Equal(20 + (10 * 0.5 * 4), JobEstimator.WorkUnits(JobType.Text2Img, hires), 3);
    }
}
