using SdSupervised.IntegrationTests.Infrastructure;
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
}
