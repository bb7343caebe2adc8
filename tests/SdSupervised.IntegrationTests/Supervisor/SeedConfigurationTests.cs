using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>
/// The configuration as the seed's README writes it, on the real host: <c>--config</c> beats appsettings.json (which
/// sets <c>Resilience:MaxAttempts</c> to 3) and loses to <c>SDS__</c>; a list option given one value is read, not
/// ignored; <c>--model-dir</c> is <c>--models-dir</c>.
/// </summary>
public sealed class SeedConfigurationTests(ITestOutputHelper output)
{
    private static async Task<ApiResponse> ConfigAsync(SupervisorProcess supervisor)
    {
        var config = await supervisor.Api.GetAsync("/api/config");
        supervisor.Expect(config.Code == 200, $"GET /api/config:\n{config}");
        return config;
    }

    [Fact]
    public async Task A_config_file_beats_appsettings_and_loses_to_the_environment()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sds-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"Sds":{"Resilience":{"MaxAttempts":7,"CancelGraceSeconds":9}}}""");
        try
        {
            await using (var fileOnly = await SupervisorProcess.StartAsync(output, new SupervisorOptions { ExtraArgs = ["--config", file] }))
            {
                var resilience = (await ConfigAsync(fileOnly)).Json.Obj("resilience");
                fileOnly.Expect(resilience.Long("max_attempts") == 7 && resilience.Long("cancel_grace_seconds") == 9,
                    $"--config should beat appsettings.json's MaxAttempts 3 and CancelGraceSeconds 5: {resilience?.ToJsonString()}");
            }
            var options = new SupervisorOptions { ExtraArgs = ["--config", file] }.WithResilience("MaxAttempts", 8);
            await using var withEnvironment = await SupervisorProcess.StartAsync(output, options);
            var overridden = (await ConfigAsync(withEnvironment)).Json.Obj("resilience");
            withEnvironment.Expect(overridden.Long("max_attempts") == 8 && overridden.Long("cancel_grace_seconds") == 9,
                $"SDS__Resilience__MaxAttempts should beat the file, which keeps CancelGraceSeconds: {overridden?.ToJsonString()}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task List_options_given_one_value_are_read_as_comma_lists_and_model_dir_is_models_dir()
    {
        var models = Path.Combine(Path.GetTempPath(), $"sds-models-{Guid.NewGuid():N}");
        Directory.CreateDirectory(models);
        try
        {
            var options = new SupervisorOptions
            {
                ExtraArgs = ["--Sds:Http:CorsOrigins=http://a.example, http://b.example:8443", "--model-dir", models],
            }.WithEnv("SDS__Http__KnownProxies", "127.0.0.1");
            await using var supervisor = await SupervisorProcess.StartAsync(output, options);
            var config = (await ConfigAsync(supervisor)).Json;
            var origins = config.Obj("http").Arr("cors_origins")?.Select(o => (string?)o).ToArray() ?? [];
            var proxies = config.Obj("http").Arr("known_proxies")?.Select(o => (string?)o).ToArray() ?? [];
            supervisor.Expect(origins.SequenceEqual(["http://a.example", "http://b.example:8443"]), $"cors_origins: {string.Join(" | ", origins)}");
            supervisor.Expect(proxies.SequenceEqual(["127.0.0.1"]), $"known_proxies: {string.Join(" | ", proxies)}");
            supervisor.Expect(config.Str("models_dir") == models, $"--model-dir should set models_dir: {config.Str("models_dir")}");

            var preflight = await supervisor.Api.SendAsync(HttpMethod.Options, "/api/health", null, "application/json",
                ("Origin", "http://b.example:8443"), ("Access-Control-Request-Method", "GET"));
            supervisor.Expect(preflight.Header("Access-Control-Allow-Origin") == "http://b.example:8443",
                $"the second origin of the one value should be allowed:\n{preflight}");
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    [Fact]
    public async Task Checkpoints_flag_lists_and_generates_with_a_model_in_a_folder_outside_the_models_dir()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), $"sds-ckpts-{Guid.NewGuid():N}");
        HeaderOnlyModels.Write(Path.Combine(elsewhere, "outside.safetensors"), HeaderOnlyModels.Sd15());
        try
        {
            await using var supervisor = await SupervisorProcess.StartAsync(output, new SupervisorOptions { ExtraArgs = ["--checkpoints", elsewhere] });
            var listed = await supervisor.Api.GetAsync("/api/models?type=checkpoint");
            var model = listed.Json.Arr("models")?.FirstOrDefault(m => m.Str("name") == "outside");
            supervisor.Expect(listed.Code == 200 && model is not null && model.Str("path") == "checkpoints/outside.safetensors",
                $"the checkpoint in --checkpoints {elsewhere} should be listed as checkpoints/outside.safetensors:\n{listed}");

            var job = await supervisor.Api.SubmitAsync(new Text2ImgRequest { Model = "outside", Steps = 2 });
            var done = await supervisor.Api.WaitForCompletedAsync(job, Timeouts.Job);
            supervisor.Expect(done.Params.Str("model") == "checkpoints--outside.safetensors", "the job should name the catalog id", done);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task A_folder_option_with_an_unknown_type_stops_the_start_with_its_name()
    {
        var options = new SupervisorOptions { ExtraArgs = ["--Sds:Models:Folders:Lorra=loras"] };
        var (code, process) = await SupervisorProcess.RunToExitAsync(output, options, TimeSpan.FromSeconds(60));
        await using var supervisor = process;
        supervisor.Expect(code != 0 && supervisor.Log.Contains("Sds:Models:Folders:Lorra"),
            "the start should fail naming Sds:Models:Folders:Lorra");
    }
}
