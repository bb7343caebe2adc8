using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Models;

/// <summary>
/// <c>POST /api/models/convert</c> with synthetic workers: requests are checked before anything is queued, and the
/// synthetic engine's clean refusal fails the job without costing the worker. A supervisor of its own, because
/// the files written here would change the shared catalog's counts.
/// </summary>
public sealed class ConvertApiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Convert_is_queued_fails_cleanly_on_the_synthetic_engine_and_the_worker_keeps_serving()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });
        var models = Path.Combine(sup.DataDir, "models");
        HeaderOnlyModels.Write(Path.Combine(models, "checkpoints/alpha.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(Path.Combine(models, "checkpoints/taken.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(Path.Combine(models, "checkpoints/taken.q8_0.gguf"), HeaderOnlyModels.Sd15());
        var refresh = await sup.Api.PostAsync("/api/models/refresh", new { wait = true });
        sup.Expect(refresh.Code == 200 && refresh.Json.Int("models") == 3, $"refresh should scan the 3 files\n{refresh}");
        var before = (await sup.Api.GetStatusAsync()).Workers.Single();

        var submit = await sup.Api.PostAsync("/api/models/convert", new { model_id = "alpha", output_type = "Q8_0" });
        sup.Expect(submit.Code == 202 && submit.Json.Str("status") == "queued" && submit.Json.Has("position"),
            $"a valid conversion should be queued with 202\n{submit}");
        var job = await sup.Api.WaitForTerminalAsync(submit.Json.Str("job_id")!, Timeouts.Job);
        sup.Expect(job.Type == "convert", "the job's type should be convert", job);
        sup.Expect(job.Status == "failed" && job.ErrorKind == "generation_failed"
            && job.ErrorMessage!.Contains("not supported by the synthetic engine"),
            "the synthetic engine's clean refusal should fail the job with its message", job);
        sup.Expect(job.Attempts == 1, "a clean failure is not retried", job);
        sup.Expect(job.Params.Str("output") == "checkpoints/alpha.q8_0.gguf" && job.Params.Str("output_type") == "q8_0"
            && job.Params.Str("input") == "checkpoints/alpha.safetensors",
            "params should show the default output name beside the input and the lower-case type", job);
        sup.Expect(!File.Exists(Path.Combine(models, "checkpoints/alpha.q8_0.gguf")), "no output file should be left behind", job);

        var text2img = await sup.Api.SubmitAsync(new Text2ImgRequest { Prompt = "after a conversion", Steps = 3, Width = 64, Height = 64 });
        var done = await sup.Api.WaitForCompletedAsync(text2img, Timeouts.Job);
        sup.Expect(done.Status == "completed", "a text2img job after the failed conversion should complete", done);
        var after = (await sup.Api.GetStatusAsync()).Workers.Single();
        sup.Expect(after.Pid == before.Pid && after.Restarts == before.Restarts, $"the worker should be kept, not restarted: before {before}, after {after}", done);

        var refusals = new (object Body, string Field)[]
        {
            (new { model_id = "alpha", output_type = "q9_9" }, "output_type"),
            (new { model_id = "no-such-model", output_type = "q8_0" }, "model_id"),
            (new { model_id = "../outside", output_type = "q8_0" }, "model_id"),
            (new { model_id = "alpha", output_type = "q8_0", output_name = "../escaped.gguf" }, "output_name"),
            (new { model_id = "alpha", output_type = "q8_0", output_name = "/tmp/escaped.gguf" }, "output_name"),
            (new { model_id = "alpha", output_type = "q8_0", output_name = "checkpoints%2F..%2F..%2Fescaped.gguf" }, "output_name"),
            (new { model_id = "alpha", output_type = "q8_0", output_name = "checkpoints/alpha.safetensors.bin" }, "output_name"),
        };
        foreach (var (body, field) in refusals)
        {
            var r = await sup.Api.PostAsync("/api/models/convert", body);
            sup.Expect(r.Code == 400 && r.Json.Str("error") == "validation_failed" && r.Json.Obj("errors")?.ContainsKey(field) == true,
                $"{Json.Serialize(body)} should be a 400 naming {field}\n{r}");
        }
        var missing = await sup.Api.PostAsync("/api/models/convert", new { output_type = "q8_0" });
        sup.Expect(missing.Code == 400, $"a request without model_id is a 400\n{missing}");

        var taken = await sup.Api.PostAsync("/api/models/convert", new { model_id = "checkpoints/taken.safetensors", output_type = "q8_0" });
        sup.Expect(taken.Code == 409, $"an existing output file should be a 409\n{taken}");
        sup.Expect(!File.Exists(Path.Combine(sup.DataDir, "escaped.gguf")), "nothing may be written outside the models directory");

        var queue = await sup.Api.QueueStatusAsync();
        sup.Expect(queue.Code == 200, $"the queue should answer\n{queue}");
    }

    [Fact]
    public async Task Convert_takes_the_seeds_body_with_a_quantization_name_in_any_case_and_an_output_path_inside_the_models_dir()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 1, StepMs = 5 });
        var models = Path.Combine(sup.DataDir, "models");
        HeaderOnlyModels.Write(Path.Combine(models, "checkpoints/alpha.safetensors"), HeaderOnlyModels.Sd15());
        await sup.Api.PostAsync("/api/models/refresh", new { wait = true });

        var relative = await sup.Api.PostAsync("/api/models/convert", new { model_name = "alpha", quantization_type = "Q4_K_S", output_path = "checkpoints/alpha-q4.gguf" });
        sup.Expect(relative.Code == 202, $"the seed's body should be queued\n{relative}");
        var job = await sup.Api.GetJobAsync(relative.Json.Str("job_id")!);
        sup.Expect(job.Params.Str("output_type") == "q4_k" && job.Params.Str("output") == "checkpoints/alpha-q4.gguf",
            "Q4_K_S is the library's q4_k; the relative output_path is kept", job);

        var absolute = await sup.Api.PostAsync("/api/models/convert",
            new { model_name = "alpha", quantization_type = "q8_0", output_path = Path.Combine(models, "alpha-q8.gguf") });
        sup.Expect(absolute.Code == 202, $"an absolute output_path inside the models dir should be queued\n{absolute}");
        job = await sup.Api.GetJobAsync(absolute.Json.Str("job_id")!);
        sup.Expect(job.Params.Str("output") == "alpha-q8.gguf", "an absolute output_path is stored relative to the models dir", job);

        var outside = await sup.Api.PostAsync("/api/models/convert",
            new { model_name = "alpha", quantization_type = "q8_0", output_path = Path.Combine(sup.DataDir, "elsewhere.gguf") });
        ErrorBody.Assert4xx(outside, sup.Context(), 400);
        ErrorBody.AssertNamesField(outside, "output_path", sup.Context());

        var unknownType = await sup.Api.PostAsync("/api/models/convert", new { model_name = "alpha", quantization_type = "Q9_X" });
        ErrorBody.Assert4xx(unknownType, sup.Context(), 400);
        ErrorBody.AssertNamesField(unknownType, "quantization_type", sup.Context());
    }
}
