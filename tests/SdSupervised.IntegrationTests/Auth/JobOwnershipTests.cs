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

    [Fact]
    public async Task Zip_and_history_show_a_user_only_their_own_outputs_and_an_admin_all()
    {
        using var alice = Sup.Api.WithBearer(fixture.AliceKey);
        using var bob = Sup.Api.WithBearer(fixture.BobKey);
        using var admin = Sup.Api.WithBearer(fixture.AdminKey);
        var job = await alice.WaitForCompletedAsync(await alice.SubmitAsync(new Text2ImgRequest { Steps = 1 }), Timeouts.Job);
        var body = new { files = new[] { new { job_id = job.Id, filename = job.Outputs[0].Filename } } };

        var anonymous = await Sup.Api.PostAsync("/api/outputs/zip", body);
        Sup.Expect(anonymous.Code == 401, $"no credentials, no ZIP\n{anonymous}");
        var foreign = await bob.PostAsync("/api/outputs/zip", body);
        Sup.Expect(foreign.Code == 403 && foreign.Json.Str("error") == "forbidden", $"bob may not zip alice's output\n{foreign}");
        foreach (var (client, who) in new[] { (alice, "alice"), (admin, "an admin") })
        {
            var zip = await client.PostAsync("/api/outputs/zip", body);
            Sup.Expect(zip.Code == 200 && zip.ContentType == "application/zip", $"{who} may zip alice's output\n{zip}");
        }

        var bobHistory = await bob.GetAsync("/api/queue/history");
        Sup.Expect(bobHistory.Code == 200 && !bobHistory.Text.Contains(job.Id!, StringComparison.Ordinal), $"bob's history leaves alice's job out\n{bobHistory}");
        foreach (var (client, who) in new[] { (alice, "alice"), (admin, "an admin") })
        {
            var history = await client.GetAsync("/api/queue/history?status=completed");
            Sup.Expect(history.Code == 200 && history.Text.Contains(job.Id!, StringComparison.Ordinal), $"{who} sees alice's job in the history\n{history}");
        }
    }
}
