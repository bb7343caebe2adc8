using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Jobs;

public sealed class SamplerDescriptionsTests
{
    [Fact]
    public void Every_sampler_and_scheduler_the_library_takes_has_a_description_and_no_description_names_another()
    {
        Assert.Equal(SamplerNames.SamplingMethods.Order(), SamplerDescriptions.Samplers.Keys.Order());
        Assert.Equal(SamplerNames.Schedulers.Order(), SamplerDescriptions.Schedulers.Keys.Order());
        Assert.All(SamplerDescriptions.Samplers.Values, d => Assert.True(d.Description.Length > 0 && d.EvaluationsPerStep is 1 or 2));
        Assert.All(SamplerDescriptions.Schedulers.Values, d => Assert.False(string.IsNullOrWhiteSpace(d)));
    }
}
