using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

public sealed class RecyclePolicyTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void A_slots_own_values_win_over_the_global_ones_and_unset_ones_fall_back()
    {
        var policy = RecyclePolicy.From(
            new RecycleOptions { AfterJobs = 500, AfterHours = 24, CudaRestartsToLower = 3 },
            new RecycleOptions { AfterJobs = 50, MemoryThresholdPercent = 90 });

        Assert.Equal((50, TimeSpan.FromHours(24), 90.0, 3, 0.5), (policy.AfterJobs, policy.AfterAge, policy.MemoryThresholdPercent, policy.CudaRestartsToLower, policy.LoweredFactor));
        Assert.True(policy.Enabled);
        Assert.False(RecyclePolicy.From(new RecycleOptions(), null).Enabled);
    }

    [Fact]
    public void Lowered_limits_are_the_configured_ones_times_the_factor_and_a_percent_needs_the_device_size()
    {
        var policy = RecyclePolicy.From(new RecycleOptions { AfterJobs = 5, AfterHours = 10, MemoryThresholdPercent = 50, LoweredFactor = 0.5 }, null);

        Assert.Equal(new RecycleLimits(5, TimeSpan.FromHours(10), 512 * MiB, false), policy.Limits(lowered: false, 1024 * MiB));
        Assert.Equal(new RecycleLimits(3, TimeSpan.FromHours(5), 256 * MiB, true), policy.Limits(lowered: true, 1024 * MiB));
        Assert.Null(policy.Limits(lowered: false, deviceTotalBytes: null).MemoryThresholdBytes);
    }

    public static TheoryData<int, double, long?, string?> DueCases => new()
    {
        { 9, 1, 100 * MiB, null },
        { 10, 1, 100 * MiB, "recycled: after 10 jobs" },
        { 3, 1, 800 * MiB, "recycled: device memory 800 MiB after a job, at or above 800 MiB" },
        { 3, 1, null, null },
        { 3, 12.5, 100 * MiB, "recycled: after 12.5 hours" },
    };

    [Theory]
    [MemberData(nameof(DueCases))]
    public void A_worker_is_due_when_any_limit_is_reached_and_the_reason_says_which(int jobs, double hours, long? used, string? reason) =>
        Assert.Equal(reason, RecyclePolicy.Due(new RecycleLimits(10, TimeSpan.FromHours(12), 800 * MiB, false), jobs, TimeSpan.FromHours(hours), used));

    [Fact]
    public void A_lowered_slot_says_so_in_the_reason() =>
        Assert.Equal("recycled: after 5 jobs (limits lowered after repeated CUDA restarts)",
            RecyclePolicy.Due(new RecycleLimits(5, null, null, true), 5, TimeSpan.Zero, null));
}
