using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111SamplersTests
{
    public static TheoryData<string?, string?, string?, string?> Accepted => new()
    {
        // sampler_name, scheduler → our sampler, our scheduler
        { "Euler a", null, "euler_a", null },
        { "Euler", "Automatic", "euler", null },
        { "DPM++ 2M", null, "dpm++2m", null },
        { "DPM++ 2M Karras", null, "dpm++2m", "karras" },
        { "DPM++ 2M Karras", "Exponential", "dpm++2m", "karras" },
        { "DPM++ 2M Karras", "Automatic", "dpm++2m", "karras" },
        { "Euler a sgm_uniform", null, "euler_a", "sgm_uniform" },
        { "DPM++ 2M", "Karras", "dpm++2m", "karras" },
        { "DPM++ 2M", "karras", "dpm++2m", "karras" },
        { "DPM++ 2M SDE Exponential", null, "dpm++2m_sde", "exponential" },
        { "DPM++ 2M SGM Uniform", null, "dpm++2m", "sgm_uniform" },
        { "DPM++ SDE Karras", null, "dpm++2s_a", "karras" },
        { "DPM++ 2S a", "SGM Uniform", "dpm++2s_a", "sgm_uniform" },
        { "DDIM", null, "ddim_trailing", null },
        { "LCM", "Simple", "lcm", "simple" },
        { "Heun", "Align Your Steps", "heun", "ays" },
        { "DPM2", "Uniform", "dpm2", "discrete" },
        { "k_euler_a", null, "euler_a", null },
        { "euler a", null, "euler_a", null },
        { "euler_a", "karras", "euler_a", "karras" },
        { "ipndm", "gits", "ipndm", "gits" },
        { "dpm++2mv2", "smoothstep", "dpm++2mv2", "smoothstep" },
        { null, "Karras", null, "karras" },
        { "", "", null, null },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A1111_and_own_names_map_to_the_library(string? sampler, string? scheduler, string? ours, string? ourScheduler)
    {
        var choice = A1111Samplers.Resolve(sampler, scheduler);

        Assert.True(choice.Accepted, choice.Error);
        Assert.Equal(ours, choice.Sampler);
        Assert.Equal(ourScheduler, choice.Scheduler);
    }

    [Theory]
    [InlineData("UniPC", null, "sampler_name", "no counterpart", "Euler a")]
    [InlineData("DPM fast", null, "sampler_name", "no counterpart", "Euler a")]
    [InlineData("Restart", null, "sampler_name", "no counterpart", "Euler a")]
    [InlineData("Bogus sampler", null, "sampler_name", "is not known", "Euler a")]
    [InlineData("Euler", "Bogus schedule", "scheduler", "is not known", "Karras")]
    public void Unknown_or_unsupported_names_are_refused_naming_the_field(string sampler, string? scheduler, string field, string why, string suggested)
    {
        var choice = A1111Samplers.Resolve(sampler, scheduler);

        Assert.False(choice.Accepted);
        Assert.Equal(field, choice.Field);
        Assert.Contains(why, choice.Error);
        Assert.Contains(suggested, choice.Error);
    }

    [Fact]
    public void Every_mapping_targets_a_name_of_the_pinned_library()
    {
        Assert.All(A1111Samplers.Samplers, s => Assert.Contains(s.Ours, SamplerNames.SamplingMethods));
        Assert.All(A1111Samplers.Schedulers.Where(s => s.Ours is not null), s => Assert.Contains(s.Ours!, SamplerNames.Schedulers));
    }

    [Fact]
    public void Every_library_sampler_is_reachable_and_listed()
    {
        var listed = A1111SamplerListing.Samplers();
        foreach (var ours in SamplerNames.SamplingMethods)
        {
            Assert.Equal(ours, A1111Samplers.Resolve(ours, null).Sampler);
            Assert.Contains(listed, s => s.Name == ours || s.Aliases.Contains(ours));
        }
        foreach (var item in listed)
            Assert.True(A1111Samplers.Resolve(item.Name, null).Accepted, item.Name);
        foreach (var item in A1111SamplerListing.Schedulers())
        {
            Assert.True(A1111Samplers.Resolve(null, item.Name).Accepted, item.Name);
            Assert.True(A1111Samplers.Resolve(null, item.Label).Accepted, item.Label);
        }
    }

    [Theory]
    [InlineData("dpm++2m", "DPM++ 2M")]
    [InlineData("euler_a", "Euler a")]
    [InlineData("ipndm_v", "ipndm_v")]
    [InlineData(null, null)]
    public void Display_names_are_A1111s_where_the_sampler_is_the_same(string? ours, string? display) =>
        Assert.Equal(display, A1111Samplers.DisplayName(ours));

    [Theory]
    [InlineData(null, "Automatic")]
    [InlineData("karras", "Karras")]
    [InlineData("discrete", "Uniform")]
    [InlineData("lcm", "lcm")]
    public void Scheduler_labels_are_A1111s_where_the_schedule_is_the_same(string? ours, string label) =>
        Assert.Equal(label, A1111Samplers.SchedulerLabel(ours));
}
