using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Generation;

namespace SdSupervised.Tests.Generation;

/// <summary>Each family's one kind-to-status map gives the statuses the wire has always had.</summary>
public sealed class RefusalStatusTests
{
    [Theory]
    [InlineData(RefusalKind.Invalid, 400, 422, 400)]
    [InlineData(RefusalKind.NotFound, 404, 404, 404)]
    [InlineData(RefusalKind.Unprocessable, 422, 422, 422)]
    [InlineData(RefusalKind.NoCapableWorker, 422, 422, 422)]
    [InlineData(RefusalKind.QueueFull, 429, 429, 429)]
    [InlineData(RefusalKind.TooManyJobs, 429, 429, 429)]
    [InlineData(RefusalKind.ShuttingDown, 503, 503, 503)]
    [InlineData(RefusalKind.StorageFull, 507, 507, 507)]
    public void Each_family_maps_a_refusal_kind_to_its_status(RefusalKind kind, int seed, int a1111, int openAI) =>
        Assert.Equal((seed, a1111, openAI), (SeedRefusalStatus.Of(kind), A1111Errors.StatusOf(kind), OpenAIErrors.StatusOf(kind)));

    [Fact]
    public void Every_kind_has_a_status_in_every_family() =>
        Assert.All(Enum.GetValues<RefusalKind>(), kind =>
        {
            Assert.InRange(SeedRefusalStatus.Of(kind), 400, 599);
            Assert.InRange(A1111Errors.StatusOf(kind), 400, 599);
            Assert.InRange(OpenAIErrors.StatusOf(kind), 400, 599);
        });

    [Fact]
    public void A1111_keeps_a_non_validation_refusal_as_it_is_with_its_status()
    {
        var failure = A1111Errors.FromSubmitError(new SubmitError(RefusalKind.StorageFull, "storage_full", "full", RetryAfter: TimeSpan.FromSeconds(60)));
        Assert.Equal((507, "storage_full", TimeSpan.FromSeconds(60)), (failure.Status, failure.Code, failure.RetryAfter));
    }
}
