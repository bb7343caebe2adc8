using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Models;

/// <summary>The model catalog over HTTP: listing, detail, hashing, traversal, load/unload and model affinity.</summary>
public sealed class ModelApiTests(ModelsSupervisor shared) : IClassFixture<ModelsSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    private static IReadOnlyList<string> Ids(ApiResponse r) => r.Json.Arr("models")?.Select(m => m.Str("id")!).ToList() ?? [];

    [Fact]
    public async Task Listing_filters_sorts_and_pages_the_catalog()
    {
        var all = await Sup.Api.GetAsync("/api/models?limit=100");
        Sup.Expect(all.Code == 200 && all.Json.Int("total") == 11, $"11 model files should be listed (links out of the models dir skipped)\n{all}");
        Sup.Expect(!Ids(all).Any(id => id.Contains("escape") || id.Contains("passwd")), $"symlinks out of the models directory must not be listed\n{all}");
        var v1 = await Sup.Api.GetAsync("/api/v1/models?limit=100");
        Sup.Expect(v1.Code == 200 && Ids(v1).SequenceEqual(Ids(all)), $"/api/v1/models should list the same\n{v1}");

        var checkpoints = await Sup.Api.GetAsync("/api/models?type=checkpoint");
        Sup.Expect(Ids(checkpoints).SequenceEqual(new[]
            {
                "checkpoints--alpha.safetensors", "checkpoints--beta.safetensors", "checkpoints--broken.safetensors",
                "checkpoints--one.safetensors", "checkpoints--sd_xl_base_1.0.safetensors", "checkpoints--two.safetensors",
            }), $"type=checkpoint should list the six checkpoints by name\n{checkpoints}");

        var seedStyle = await Sup.Api.GetAsync("/api/models?type=VAE,64");
        Sup.Expect(Ids(seedStyle).Order().SequenceEqual(new[] { "vae--ae.safetensors", "vae--sdxl_vae.safetensors", "vae_approx--taesd.safetensors" }),
            $"type=VAE,64 (the seed's names and values) should list the VAEs and the TAESD\n{seedStyle}");

        var search = await Sup.Api.GetAsync("/api/models?search=flux");
        Sup.Expect(Ids(search).Order().SequenceEqual(new[] { "diffusion_models--flux1-dev.safetensors", "vae--ae.safetensors" }),
            $"search=flux should match the Flux model by name and the Flux VAE by architecture\n{search}");

        var page1 = await Sup.Api.GetAsync("/api/models?sort_by=size&sort_order=desc&limit=4&page=1");
        var page3 = await Sup.Api.GetAsync("/api/models?sort_by=size&sort_order=desc&limit=4&page=3");
        var sizes = page1.Json.Arr("models")!.Select(m => m.Long("size")!.Value).ToList();
        Sup.Expect(page1.Json.Int("pages") == 3 && sizes.SequenceEqual(sizes.OrderDescending()) && Ids(page1)[0] == "diffusion_models--flux1-dev.safetensors",
            $"page 1 of 3, biggest first (Flux)\n{page1}");
        Sup.Expect(Ids(page3).Count == 3, $"the last page holds the remaining 3\n{page3}");

        foreach (var bad in new[] { "sort_by=weight", "sort_order=up", "limit=0", "page=0", "type=nonsense" })
        {
            var r = await Sup.Api.GetAsync("/api/models?" + bad);
            Sup.Expect(r.Code == 400 && r.Json.Str("error") == "validation_failed", $"{bad} should be a 400 validation_failed\n{r}");
        }
    }

    [Fact]
    public async Task Detail_types_directories_and_stats_describe_what_is_there_and_what_is_missing()
    {
        var flux = await Sup.Api.GetAsync("/api/models/flux1-dev");
        var model = flux.Json.Obj("model");
        Sup.Expect(flux.Code == 200 && model.Str("architecture") == "flux_dev" && model.Str("loading_method") == "diffusion_model_path",
            $"flux1-dev should be a Flux dev diffusion model\n{flux}");
        var missing = model.Obj("requirements").Arr("missing");
        Sup.Expect(missing?.Count == 1 && missing[0].Str("kind") == "t5xxl"
            && missing[0].Str("message")!.StartsWith("Flux.1 dev needs t5xxl: none found in text_encoders/"),
            $"Flux should miss exactly its t5xxl, named with the folder\n{flux}");
        var met = model.Obj("requirements").Arr("met")!.Select(m => (m.Str("kind"), m.Str("by"))).ToList();
        Sup.Expect(met.Contains(("vae", "vae--ae.safetensors")) && met.Contains(("clip_l", "text_encoders--clip_l.safetensors")),
            $"Flux should have picked ae and clip_l\n{flux}");

        var sdxl = await Sup.Api.GetAsync("/api/models/checkpoints%2Fsd_xl_base_1.0.safetensors");
        Sup.Expect(sdxl.Code == 400, $"an encoded slash is refused, even for a real path\n{sdxl}");
        var sdxlById = await Sup.Api.GetAsync("/api/models/checkpoints--sd_xl_base_1.0.safetensors");
        Sup.Expect(sdxlById.Code == 200 && sdxlById.Json.Obj("model").Obj("requirements").Arr("met")!.Any(m => m.Str("by") == "vae--sdxl_vae.safetensors"),
            $"SDXL without a VAE inside should get sdxl_vae\n{sdxlById}");

        var broken = await Sup.Api.GetAsync("/api/models/broken");
        Sup.Expect(broken.Code == 200 && broken.Json.Obj("model").Has("invalid_reason") && broken.Json.Obj("model")!["valid"]!.GetValue<bool>() == false,
            $"a corrupt header is listed as invalid with its reason\n{broken}");

        var types = await Sup.Api.GetAsync("/api/models/types");
        var typeList = types.Json.Arr("types")!;
        Sup.Expect(typeList.Any(t => t.Str("name") == "checkpoint" && t.Int("value") == 2) && typeList.Any(t => t.Str("name") == "embedding" && t.Int("value") == 1024)
            && typeList.Any(t => t.Str("name") == "text_encoder") && types.Json.Arr("convert_types")!.Any(t => t!.GetValue<string>() == "q8_0"),
            $"types should carry the seed's values, the new folders and the convert output types\n{types}");

        var dirs = await Sup.Api.GetAsync("/api/models/directories");
        var checkpoints = dirs.Json.Arr("directories")!.First(d => d.Str("folder") == "checkpoints");
        Sup.Expect(checkpoints!["exists"]!.GetValue<bool>() && checkpoints.Int("files") == 6, $"checkpoints/ exists and holds 6 listed files\n{dirs}");

        var stats = await Sup.Api.GetAsync("/api/models/stats");
        Sup.Expect(stats.Code == 200 && stats.Json.Int("total") == 11 && stats.Json.Int("invalid") == 1
            && stats.Json.Obj("by_architecture").Int("sd1") == 4 && stats.Json.Obj("last_scan")?.Arr("skipped")?.Count == 2,
            $"stats should count 11 files, 1 invalid, 4 sd1, 2 skipped links\n{stats}");

        var validate = await Sup.Api.PostAsync("/api/models/validate", new { model_id = "checkpoints/alpha.safetensors" });
        Sup.Expect(validate.Code == 200 && validate.Json!["valid"]!.GetValue<bool>() && validate.Json["loadable"]!.GetValue<bool>(),
            $"alpha should validate and be loadable\n{validate}");
    }

    [Fact]
    public async Task Hash_is_the_files_sha256_with_the_a1111_short_hash_and_is_cached()
    {
        var first = await Sup.Api.PostAsync("/api/models/hash", new { model_id = "taesd" });
        Sup.Expect(first.Code == 200 && first.Json.Str("sha256") == shared.TaesdSha256 && first.Json.Str("short_hash") == shared.TaesdSha256[..10],
            $"sha256 should be {shared.TaesdSha256}\n{first}");
        var second = await Sup.Api.PostAsync("/api/models/hash", new { model_id = "vae_approx/taesd.safetensors" });
        Sup.Expect(second.Code == 200 && second.Json!["cached"]!.GetValue<bool>() && second.Json.Str("sha256") == shared.TaesdSha256,
            $"the second request (by path) should come from the cache\n{second}");
    }

    [Fact]
    public async Task Traversal_attempts_get_400_and_never_a_file()
    {
        var raw = new[] { "/api/models/..%2F..%2F..%2Fetc%2Fpasswd", "/api/models/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/models/checkpoints%2F..%2F..%2Fouter" };
        foreach (var target in raw)
        {
            var r = await RawHttp.GetAsync(Sup.Port, target);
            Sup.Expect(r.Code == 400 && r.Json.Str("error") == "bad_request" && !r.Text.Contains("root:"), $"{target} should be a 400\n{r}");
        }
        var normalised = await RawHttp.GetAsync(Sup.Port, "/api/models/../../etc/passwd");
        Sup.Expect(normalised.Code == 404 && !normalised.Text.Contains("root:"), $"dot segments are resolved before routing: no endpoint, no file\n{normalised}");

        foreach (var reference in new[] { "../../../etc/passwd", "/etc/passwd", "checkpoints/../../outside/secret.safetensors", "..\\..\\x", "%2e%2e/x" })
        {
            foreach (var (path, body) in new (string, object)[]
            {
                ("/api/models/hash", new { model_id = reference }),
                ("/api/models/validate", new { model_id = reference }),
                ("/api/generate/text2img", new { prompt = "x", model = reference }),
            })
            {
                var r = await Sup.Api.PostAsync(path, body);
                Sup.Expect(r.Code == 400 && !r.Text.Contains("root:"), $"{path} with '{reference}' should be a 400\n{r}");
            }
        }

        var link = await Sup.Api.GetAsync("/api/models/escape");
        Sup.Expect(link.Code == 404, $"a symlink out of the models directory is not in the catalog\n{link}");
        var load = await Sup.Api.PostAsync("/api/models/..%2Fsecret/load", new { });
        Sup.Expect(load.Code == 400, $"load by an encoded path is refused\n{load}");
    }

    [Fact]
    public async Task Unknown_or_unusable_models_are_refused_at_submit_naming_what_exists()
    {
        var unknown = await Sup.Api.SubmitRawAsync(new Text2ImgRequest { Model = "sdxl-turbo" });
        var errors = unknown.Json.Obj("errors").Arr("model")?.FirstOrDefault()?.GetValue<string>() ?? "";
        Sup.Expect(unknown.Code == 400 && errors.Contains("'sdxl-turbo'") && errors.Contains("checkpoints--alpha.safetensors"),
            $"an unknown model is a 400 naming it and what exists\n{unknown}");

        var flux = await Sup.Api.SubmitRawAsync(new Text2ImgRequest { Model = "flux1-dev" });
        Sup.Expect(flux.Code == 400 && flux.Text.Contains("needs t5xxl"), $"a model missing a companion is refused with the reason\n{flux}");

        var vae = await Sup.Api.SubmitRawAsync(new Text2ImgRequest { Model = "ae" });
        Sup.Expect(vae.Code == 400 && vae.Text.Contains("not a model that generates images"), $"a VAE is no generation model\n{vae}");
    }

    [Fact]
    public async Task Batch_loads_and_unloads_on_workers_and_status_shows_models_with_companions()
    {
        var load = await Sup.Api.PostAsync("/api/models/batch", new
        {
            operations = new object[]
            {
                new { action = "load", model_id = "alpha", worker_id = "w0" },
                new { action = "load", model_id = "checkpoints--sd_xl_base_1.0.safetensors", worker_id = "w1" },
                new { action = "load", model_id = "nope" },
            },
        });
        var results = load.Json.Arr("results")!;
        Sup.Expect(load.Code == 200 && load.Json.Int("succeeded") == 2 && load.Json.Int("failed") == 1
            && results[0].Str("status") == "loaded" && results[2].Str("status") == "refused", $"two loads succeed, the unknown one is refused\n{load}");

        var status = await Sup.Api.GetStatusAsync();
        var w1 = status.Node.Arr("workers")!.First(w => w.Str("id") == "w1");
        Sup.Expect(status.Node.Arr("workers")!.First(w => w.Str("id") == "w0").Str("model") == "checkpoints--alpha.safetensors"
            && w1.Str("model") == "checkpoints--sd_xl_base_1.0.safetensors"
            && w1.Obj("model_companions").Str("vae") == "vae/sdxl_vae.safetensors"
            && w1.Obj("model_companions").Str("model_path") == "checkpoints/sd_xl_base_1.0.safetensors",
            $"status should show each worker's model and the SDXL's picked VAE\n{status}");

        var again = await Sup.Api.PostAsync("/api/models/alpha/load", new { });
        Sup.Expect(again.Code == 200 && again.Json.Str("status") == "already_loaded", $"loading a held model is a no-op\n{again}");

        var unload = await Sup.Api.PostAsync("/api/models/batch", new
        {
            operations = new object[]
            {
                new { action = "unload", model_id = "alpha" },
                new { action = "unload", model_id = "sd_xl_base_1.0" },
            },
        });
        Sup.Expect(unload.Code == 200 && unload.Json.Int("succeeded") == 2, $"both unloads succeed\n{unload}");
        var after = await Sup.Api.GetStatusAsync();
        Sup.Expect(after.Node.Arr("workers")!.All(w => w.Str("model") is null), $"no worker holds a model any more\n{after}");
    }

    [Fact]
    public async Task Batch_takes_the_seeds_operation_and_models_form_too()
    {
        var load = await Sup.Api.PostAsync("/api/models/batch", new { operation = "load", models = new[] { "alpha", "nope" }, worker_id = "w0" });
        var results = load.Json.Arr("results");
        Sup.Expect(load.Code == 200 && load.Json.Int("succeeded") == 1 && load.Json.Int("failed") == 1
            && results?[0].Str("action") == "load" && results[0].Str("status") == "loaded" && results[1].Str("status") == "refused",
            $"the seed's form loads each named model in order\n{load}");
        var unload = await Sup.Api.PostAsync("/api/models/batch", new { operation = "unload", models = new[] { "alpha" } });
        Sup.Expect(unload.Code == 200 && unload.Json.Int("succeeded") == 1, $"and unloads them\n{unload}");

        foreach (var (body, what) in new (object Body, string What)[]
                 {
                     (new { operation = "reload", models = new[] { "alpha" } }, "an unknown operation"),
                     (new { operation = "load", models = Array.Empty<string>() }, "no models"),
                     (new { operation = "load", models = new[] { "alpha" }, operations = new[] { new { action = "load", model_id = "alpha" } } }, "both forms"),
                 })
        {
            var refused = await Sup.Api.PostAsync("/api/models/batch", body);
            ErrorBody.Assert4xx(refused, $"{what}\n{Sup.Context()}", 400);
        }
    }

    [Fact]
    public async Task Two_models_on_two_workers_load_once_each_however_the_jobs_alternate()
    {
        static int Loads(SupervisorProcess sup, string id) => sup.Log.Snapshot().Count(l => l.Contains($"info: loaded model {id} ", StringComparison.Ordinal));
        const string one = "checkpoints--one.safetensors", two = "checkpoints--two.safetensors";
        var before = (One: Loads(Sup, one), Two: Loads(Sup, two));

        for (var round = 0; round < 4; round++)
        {
            // Both workers idle first: a job finishes (in the store) a moment before its worker is released.
            await Sup.Api.WaitForStatusAsync(s => s.Workers.All(w => w.State == "idle"), Timeouts.Soon, "both workers idle");
            // Alternate which model asks first: a scheduler without affinity would hand it the first idle worker.
            var oneRequest = new Text2ImgRequest { Model = round % 2 == 0 ? "one" : "checkpoints/one.safetensors", Steps = 2 };
            var twoRequest = new Text2ImgRequest { Model = "two.safetensors", Steps = 2 };
            string a, b;
            if (round % 2 == 0)
            {
                a = await Sup.Api.SubmitAsync(oneRequest);
                b = await Sup.Api.SubmitAsync(twoRequest);
            }
            else
            {
                b = await Sup.Api.SubmitAsync(twoRequest);
                a = await Sup.Api.SubmitAsync(oneRequest);
            }
            var jobA = await Sup.Api.WaitForCompletedAsync(a, Timeouts.Job);
            var jobB = await Sup.Api.WaitForCompletedAsync(b, Timeouts.Job);
            Sup.Expect(jobA.Params.Str("model") == one && jobB.Params.Str("model") == two, "jobs should carry the catalog id as params.model", jobA);
        }

        var loads = (One: Loads(Sup, one) - before.One, Two: Loads(Sup, two) - before.Two);
        Sup.Expect(loads == (1, 1), $"each model should load exactly once across 4 rounds, got {loads}");
        var status = await Sup.Api.GetStatusAsync();
        var held = status.Node.Arr("workers")!.Select(w => w.Str("model")).Order().ToList();
        Sup.Expect(held.SequenceEqual(new[] { one, two }), $"one worker holds each model\n{status}");
    }
}
