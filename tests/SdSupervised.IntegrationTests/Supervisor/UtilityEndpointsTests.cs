using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class UtilityEndpointsTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task Samplers_schedulers_and_parameters_describe_what_text2img_accepts()
    {
        var samplers = await Sup.Api.GetAsync("/api/samplers");
        var names = samplers.Json.Arr("samplers")?.Select(s => s.Str("name")).ToList() ?? [];
        Sup.Expect(samplers.Code == 200 && names.Contains("euler_a") && names.Contains("dpm++2m") && samplers.Json.Has("default") && samplers.Json.Str("default") is null,
            $"/api/samplers should be 200 {{samplers: [{{name}}], default: null}} with euler_a and dpm++2m\n{samplers}");

        var schedulers = await Sup.Api.GetAsync("/api/schedulers");
        var schedulerNames = schedulers.Json.Arr("schedulers")?.Select(s => s.Str("name")).ToList() ?? [];
        Sup.Expect(schedulers.Code == 200 && schedulerNames.Contains("karras") && schedulers.Json.Has("default"),
            $"/api/schedulers should be 200 {{schedulers: [{{name}}], default}} with karras\n{schedulers}");

        var parameters = await Sup.Api.GetAsync("/api/parameters");
        var list = parameters.Json.Arr("parameters");
        var width = list?.FirstOrDefault(p => p.Str("name") == "width");
        var prompt = list?.FirstOrDefault(p => p.Str("name") == "prompt");
        var sampler = list?.FirstOrDefault(p => p.Str("name") == "sampling_method");
        Sup.Expect(parameters.Code == 200 && width.Str("type") == "integer" && width.Int("default") == 512 && width.Int("min") == 64
                   && width.Int("max") == 2048 && width.Int("multiple_of") == 8 && prompt?["required"]?.GetValue<bool>() == true
                   && sampler.Arr("allowed")?.Count == names.Count && !string.IsNullOrEmpty(width.Str("description")),
            $"/api/parameters should describe width (integer, 512, 64..2048, multiple of 8), a required prompt and the samplers\n{parameters}");
    }

    [Fact]
    public async Task Validate_checks_like_submit_and_never_creates_a_job()
    {
        var before = await Sup.Api.QueueStatusAsync();

        var ok = await Sup.Api.PostAsync("/api/validate", new Text2ImgRequest { Steps = 5, Width = 128 });
        var okParams = ok.Json.Obj("params");
        Sup.Expect(ok.Code == 200 && ok.Json?["valid"]?.GetValue<bool>() == true && okParams.Int("steps") == 5 && okParams.Int("width") == 128
                   && okParams.Long("seed") == -1 && okParams.Str("prompt") == new Text2ImgRequest().Prompt,
            $"a valid request should answer 200 {{valid: true, params}} with the resolved parameters and seed -1\n{ok}");

        foreach (var bad in new[] { new Text2ImgRequest { Width = 100 }, new Text2ImgRequest { Model = "no-such-model-anywhere" } })
        {
            var validate = await Sup.Api.PostAsync("/api/validate", bad);
            var submit = await Sup.Api.SubmitRawAsync(bad);
            ErrorBody.Assert4xx(validate, Sup.Context(), 400);
            Sup.Expect(submit.Code == 400 && validate.Text == submit.Text,
                $"validate should refuse exactly as submit does\nvalidate: {validate}\nsubmit: {submit}");
        }

        var after = await Sup.Api.QueueStatusAsync();
        Sup.Expect(after.Text == before.Text, $"validate must not queue anything\nbefore: {before}\nafter: {after}");
    }

    [Fact]
    public async Task Config_and_system_describe_the_service_and_the_host()
    {
        var config = await Sup.Api.GetAsync("/api/config");
        Sup.Expect(config.Code == 200 && config.Json.Int("port") == Sup.Port && config.Json.Obj("limits").Int("max_steps") is > 0
                   && config.Json.Obj("resilience").Has("shutdown_grace_seconds"),
            $"/api/config should show the effective options in snake_case (port {Sup.Port}, limits, resilience)\n{config}");

        var system = await Sup.Api.GetAsync("/api/system");
        var json = system.Json;
        Sup.Expect(system.Code == 200 && !string.IsNullOrEmpty(json.Str("os")) && !string.IsNullOrEmpty(json.Str("kernel"))
                   && json.Obj("cpu").Int("cores") is > 0 && !string.IsNullOrEmpty(json.Obj("cpu").Str("model"))
                   && json.Obj("memory").Long("total_bytes") is > 0 && json.Obj("memory").Long("available_bytes") is > 0
                   && json.Arr("gpus") is not null && (json.Arr("gpus")!.Count > 0 || !string.IsNullOrEmpty(json.Str("gpu_reason")))
                   && json.Obj("engine").Str("kind") == "synthetic" && json.Int("workers") == 1 && !string.IsNullOrEmpty(json.Str("runtime")),
            $"/api/system should show os, kernel, cpu, memory, gpus (or why none), runtime, engine and 1 worker\n{system}");
    }

    [Fact]
    public async Task Unknown_workers_get_a_json_404()
    {
        foreach (var action in new[] { "restart", "drain", "enable" })
        {
            var response = await Sup.Api.PostRawAsync($"/api/workers/nope/{action}", "{}");
            ErrorBody.Assert4xx(response, Sup.Context(), 404);
        }
        var system = await Sup.Api.PostAsync("/api/system/restart", new { worker_id = "nope" });
        ErrorBody.Assert4xx(system, Sup.Context(), 404);
    }
}
