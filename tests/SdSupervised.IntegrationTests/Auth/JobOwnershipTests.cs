using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>Jobs record who submitted them; a user sees, cancels and clears only their own, an admin all.</summary>
public sealed class JobOwnershipTests(ApiKeySupervisor fixture) : IClassFixture<ApiKeySupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    [Fact]
    public async Task A_user_cancels_only_their_own_job_and_an_admin_any()
    {
        using var alice = Sup.Api.WithBearer(fixture.AliceKey);
        using var bob = Sup.Api.WithBearer(fixture.BobKey);
        using var admin = Sup.Api.WithBearer(fixture.AdminKey);

        var running = await alice.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        var queued = await alice.SubmitAsync(new Text2ImgRequest { Steps = 150 });
        var view = await alice.GetAsync($"/api/queue/job/{running}");
        Sup.Expect(view.Code == 200 && view.Json.Str("owner") == "alice", $"the job view shows its owner\n{view}");

        var foreign = await bob.GetAsync($"/api/queue/job/{running}");
        Sup.Expect(foreign.Code == 403, $"bob may not read alice's job\n{foreign}");
        var bobCancel = await bob.CancelAsync(running);
        Sup.Expect(bobCancel.Code == 403 && bobCancel.Json.Str("error") == "forbidden", $"bob may not cancel alice's job\n{bobCancel}");

        var queue = await bob.QueueStatusAsync();
        var entries = queue.Json?["jobs"]?.AsArray() ?? [];
        Sup.Expect(queue.Code == 200 && entries.Any(e => e.Str("job_id") == running) && entries.All(e => e.Str("owner") is null)
                   && !queue.Text.Contains("lighthouse", StringComparison.Ordinal),
            $"bob sees alice's jobs in the queue, without owner or prompt\n{queue}");

        var bobClear = await bob.ClearAsync();
        Sup.Expect(bobClear.Code == 200 && bobClear.Json.Int("cleared") == 0, $"bob's clear leaves alice's queued job\n{bobClear}");
        Sup.Expect((await alice.GetJobAsync(queued)).Status == "queued", "alice's job is still queued after bob's clear");

        var aliceCancel = await alice.CancelAsync(queued);
        Sup.Expect(aliceCancel.Code == 200, $"alice cancels her queued job\n{aliceCancel}");
        var adminCancel = await admin.CancelAsync(running);
        Sup.Expect(adminCancel.Code is 200 or 202, $"an admin cancels anyone's job\n{adminCancel}");
        await alice.WaitForTerminalAsync(running, Timeouts.Job);
    }
}
