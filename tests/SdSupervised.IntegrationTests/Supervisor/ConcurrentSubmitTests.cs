using System.Net;
using System.Text;
using SdSupervised.IntegrationTests.Api.Generate;
using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>
/// The submit path under concurrent clients, over real HTTP: the queue limit is one atomic step, jobs start in the
/// order they were stored, and a 202 answered from a batched commit is as durable as one committed alone.
/// </summary>
public sealed class ConcurrentSubmitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_concurrent_submits_against_a_limit_of_50_queue_exactly_50_and_refuse_the_rest_with_429()
    {
        await using var sup = await SupervisorProcess.StartAsync(output,
            new SupervisorOptions { Workers = 1, StepMs = 5 }.WithEnv("SDS__Limits__MaxQueueLength", 50));
        // A drained worker takes nothing, so no place frees up while the burst arrives: exactly the limit fits.
        var drain = await sup.Api.PostRawAsync("/api/workers/w0/drain", "");
        sup.Expect(drain.Code == 200, $"drain should answer 200\n{drain}");
        using var http = new HttpClient { BaseAddress = sup.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            PostAsync(http, "/api/generate/text2img", $$"""{"prompt":"burst {{i}}","width":64,"height":64,"steps":1,"seed":{{i}}}"""))));

        var accepted = answers.Where(a => a.Status == HttpStatusCode.Accepted).ToList();
        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        var other = answers.Except(accepted).Except(refused).ToList();
        sup.Expect(other.Count == 0, $"every answer should be 202 or 429; got {string.Join("; ", other.Take(5))}");
        sup.Expect(accepted.Count == 50 && refused.Count == 150,
            $"a limit of 50 should accept exactly 50 of 200 concurrent submits; accepted {accepted.Count}, refused {refused.Count}");
        foreach (var answer in refused)
        {
            ErrorBody.Assert4xx(answer.Response, sup.Context(), 429);
            sup.Expect(answer.Response.Json.Str("error") == "queue_full" && answer.RetryAfter > TimeSpan.Zero,
                $"a refused submit should be queue_full with a Retry-After\n{answer}");
        }
        var status = await sup.Api.QueueStatusAsync();
        sup.Expect(status.Json.Int("queued") == 50, $"the queue should hold exactly the 50 accepted jobs\n{status}");

        // A refused submit takes no place and writes nothing, not even its input image.
        var img2img = await PostAsync(http, "/api/generate/img2img",
            Json.Serialize(new { prompt = "over the limit", width = 64, height = 64, steps = 1, init_image = TestImages.Base64(TestImages.Gradient(64, 64)) }));
        ErrorBody.Assert4xx(img2img.Response, sup.Context(), 429);
        var inputs = Path.Combine(sup.DataDir, "inputs");
        sup.Expect(!Directory.Exists(inputs) || Directory.GetFileSystemEntries(inputs).Length == 0,
            $"a refused img2img should leave no input files\n{img2img}");

        // Model conversion is a submit path too: the same limit, the same answer.
        HeaderOnlyModels.Write(Path.Combine(sup.DataDir, "models", "checkpoints/alpha.safetensors"), HeaderOnlyModels.Sd15());
        var refresh = await sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        sup.Expect(refresh.Code == 200, $"refresh should scan the model\n{refresh}");
        var convert = await PostAsync(http, "/api/models/convert", """{"model_id":"alpha","output_type":"q8_0"}""");
        ErrorBody.Assert4xx(convert.Response, sup.Context(), 429);
        sup.Expect(convert.Response.Json.Str("error") == "queue_full" && convert.RetryAfter > TimeSpan.Zero,
            $"a conversion over the limit should be queue_full with a Retry-After\n{convert}");

        var enable = await sup.Api.PostRawAsync("/api/workers/w0/enable", "");
        sup.Expect(enable.Code == 200, $"enable should answer 200\n{enable}");
        foreach (var answer in accepted)
            await sup.Api.WaitForCompletedAsync(answer.Response.Json.Str("job_id")!, Timeouts.Job);
    }

    [Fact]
    public async Task Jobs_submitted_concurrently_start_in_the_order_of_their_sequence()
    {
        // Rounds of concurrent submits to an idle worker: the submits of a round are stored in one batch and their
        // callers resume in any order, so a job reaching the in-memory queue before an older one from the same batch
        // would start first. (A backlog would hide that: the queue sorts what it holds.)
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 1 });

        var jobs = new List<JobSnapshot>();
        for (var round = 0; round < 15; round++)
        {
            await sup.Api.WaitForStatusAsync(s => s.Workers.All(w => w.State == "idle"), Timeouts.Soon, "the worker idle before the next round");
            var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = $"fifo {round}.{i}", Steps = 1, Seed = i }))));
            foreach (var id in ids)
                jobs.Add(await sup.Api.WaitForCompletedAsync(id, Timeouts.Job));
        }

        sup.Expect(jobs.All(j => j.Sequence is > 0 && j.StartedAt is not null) && jobs.Select(j => j.Sequence).Distinct().Count() == jobs.Count,
            $"every job should show its own sequence and a started_at\n{string.Join("\n", jobs.Take(3))}");
        var byStart = jobs.OrderBy(j => j.StartedAt).ToList();
        var inversions = byStart.Zip(byStart.Skip(1)).Where(p => p.First.Sequence > p.Second.Sequence).ToList();
        sup.Expect(inversions.Count == 0,
            $"with one worker, jobs should start in sequence order; {inversions.Count} neighbours started the other way round: " +
            string.Join(", ", inversions.Take(10).Select(p => $"{p.First.Sequence} before {p.Second.Sequence}")));
    }

    [Fact]
    public async Task Every_job_accepted_in_a_burst_survives_a_supervisor_kill_9_right_after_the_last_202_and_completes_once()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2, StepMs = 10 });

        var ids = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = $"durable {i}", Steps = 4, Seed = i }))));
        await sup.KillAsync();
        await sup.RestartAsync();

        foreach (var id in ids)
        {
            // A job missing after the restart is a 404 here, which fails with the answer shown.
            var job = await sup.Api.WaitForCompletedAsync(id, Timeouts.Job);
            var files = Directory.GetFiles(Path.Combine(sup.DataDir, "outputs", id), "*.png");
            sup.Expect(job.Outputs.Count == 1 && files.Length == 1, $"a completed job should have its one output, once (files: {files.Length})", job);
            var completions = sup.Log.Snapshot().Count(l => l.Contains($"Job {id} completed", StringComparison.Ordinal));
            sup.Expect(completions <= 1, $"job {id} was completed {completions} times across the two supervisors", job);
        }
    }

    private static async Task<Answer> PostAsync(HttpClient http, string target, string body)
    {
        using var response = await http.PostAsync(target, new StringContent(body, Encoding.UTF8, "application/json"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new Answer(response.StatusCode, response.Headers.RetryAfter?.Delta,
            new ApiResponse("POST", target, body, response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes));
    }

    private sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, ApiResponse Response)
    {
        public override string ToString() => $"Retry-After: {RetryAfter?.TotalSeconds.ToString() ?? "none"}\n{Response}";
    }
}
