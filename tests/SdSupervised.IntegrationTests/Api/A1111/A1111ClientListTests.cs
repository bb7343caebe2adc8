using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.A1111;

/// <summary>
/// The read-only lists A1111 clients fetch besides models and samplers, answered in A1111 1.10's shapes with what this
/// server really has (empty where it has none), the Gradio probe at the root, and a client's whole call sequence.
/// </summary>
public sealed class A1111ClientListTests(A1111Supervisor shared) : IClassFixture<A1111Supervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Theory]
    [InlineData("/sdapi/v1/face-restorers")]
    [InlineData("/sdapi/v1/prompt-styles")]
    [InlineData("/sdapi/v1/script-info")]
    [InlineData("/sdapi/v1/hypernetworks")]
    [InlineData("/sdapi/v1/extensions")]
    public async Task Lists_of_what_this_server_does_not_have_are_empty_arrays(string path)
    {
        var response = await Sup.Api.GetAsync(path);

        Sup.Expect(response.Code == 200 && response.Json is JsonArray { Count: 0 } && response.ContentType!.StartsWith("application/json"),
            $"{path} should answer an empty JSON array\n{response}");
    }

    [Fact]
    public async Task Catalog_lists_show_the_embedding_and_the_esrgan_model_in_A1111s_shapes()
    {
        var embeddings = await Sup.Api.GetAsync("/sdapi/v1/embeddings");
        var loaded = embeddings.Json?["loaded"] as JsonObject;
        Sup.Expect(embeddings.Code == 200 && loaded is not null && loaded.ContainsKey("bad_hands") && embeddings.Json?["skipped"] is JsonObject { Count: 0 }
                   && loaded["bad_hands"] is JsonObject entry && new[] { "step", "sd_checkpoint", "sd_checkpoint_name", "shape", "vectors" }.All(entry.ContainsKey),
            $"embeddings should be {{loaded: {{bad_hands: {{step, sd_checkpoint, sd_checkpoint_name, shape, vectors}}}}, skipped: {{}}}}\n{embeddings}");

        var realesrgan = await Sup.Api.GetAsync("/sdapi/v1/realesrgan-models");
        Sup.Expect(realesrgan.Code == 200 && realesrgan.Json is JsonArray models
                   && models.Any(m => m.Str("name") == "x2" && m.Str("path")!.EndsWith("x2.safetensors", StringComparison.Ordinal) && m.Has("scale")),
            $"realesrgan-models should list the ESRGAN model x2 with name, path and scale\n{realesrgan}");

        var scripts = await Sup.Api.GetAsync("/sdapi/v1/scripts");
        Sup.Expect(scripts.Code == 200 && scripts.Json?["txt2img"] is JsonArray { Count: 0 } && scripts.Json?["img2img"] is JsonArray { Count: 0 },
            $"scripts should be {{txt2img: [], img2img: []}}\n{scripts}");
    }

    [Fact]
    public async Task Cmd_flags_and_memory_tell_this_servers_values()
    {
        var flags = await Sup.Api.GetAsync("/sdapi/v1/cmd-flags");
        Sup.Expect(flags.Code == 200 && flags.Json.Int("port") == Sup.Port && flags.Json?["api"]?.GetValue<bool>() == true
                   && flags.Json.Str("models_dir") == Path.GetFullPath(Path.Combine(Sup.DataDir, "models")),
            $"cmd-flags should show api, this port and the models dir\n{flags}");

        var memory = await Sup.Api.GetAsync("/sdapi/v1/memory");
        var ram = memory.Json?["ram"];
        Sup.Expect(memory.Code == 200 && ram.Long("total") > 0 && ram.Long("free") + ram.Long("used") == ram.Long("total") && memory.Json?["cuda"]?["error"] is not null,
            $"memory should give ram {{free, used, total}} adding up, and cuda as A1111's error form\n{memory}");
    }

    [Fact]
    public async Task The_gradio_queue_probe_answers_an_estimate_without_credentials()
    {
        var response = await Sup.Api.GetAsync("/queue/status");

        Sup.Expect(response.Code == 200 && response.Json.Str("msg") == "estimation" && response.Json.Int("queue_size") is >= 0 && response.Json!.AsObject().ContainsKey("queue_eta"),
            $"/queue/status should be Gradio's {{msg: estimation, queue_size, queue_eta, …}}\n{response}");
    }

    /// <summary>
    /// What the sdwebuiapi Python client (webuiapi.WebUIApi) sends from its README's utility calls to a txt2img whose
    /// infotext a tool then parses: every call succeeds, and the infotext uses A1111's sampler and schedule names.
    /// </summary>
    [Fact]
    public async Task The_sdwebuiapi_call_sequence_replays_and_its_infotext_reads_as_A1111s()
    {
        string[] reads =
        [
            "/sdapi/v1/cmd-flags", "/sdapi/v1/samplers", "/sdapi/v1/schedulers", "/sdapi/v1/upscalers", "/sdapi/v1/latent-upscale-modes",
            "/sdapi/v1/sd-models", "/sdapi/v1/sd-vae", "/sdapi/v1/hypernetworks", "/sdapi/v1/face-restorers", "/sdapi/v1/realesrgan-models",
            "/sdapi/v1/prompt-styles", "/sdapi/v1/embeddings", "/sdapi/v1/scripts", "/sdapi/v1/script-info", "/sdapi/v1/loras",
            "/sdapi/v1/memory", "/sdapi/v1/extensions", "/sdapi/v1/options", "/sdapi/v1/progress",
        ];
        foreach (var path in reads)
        {
            var read = await Sup.Api.GetAsync(path);
            Sup.Expect(read.Code == 200 && read.Json is not null, $"the client's GET {path} should be 200 JSON\n{read}");
        }

        var txt2img = await Sup.Api.PostRawAsync("/sdapi/v1/txt2img", """
            {"prompt": "cute squirrel", "negative_prompt": "ugly, out of frame", "seed": 1003, "styles": ["anime"], "cfg_scale": 7,
             "sampler_name": "DPM++ 2M", "scheduler": "Karras", "steps": 2, "width": 64, "height": 64, "batch_size": 1, "n_iter": 1,
             "restore_faces": false, "script_name": null, "script_args": [], "alwayson_scripts": {}, "send_images": true, "save_images": false}
            """);
        var info = Json.TryParse(txt2img.Json.Str("info") ?? "");
        var infotext = info?["infotexts"]?[0]?.GetValue<string>() ?? "";
        Sup.Expect(txt2img.Code == 200 && txt2img.Json.Arr("images")?.Count == 1 && infotext.Contains("Sampler: DPM++ 2M,") && infotext.Contains("Schedule type: Karras,"),
            $"txt2img should answer one image whose infotext says 'Sampler: DPM++ 2M' and 'Schedule type: Karras'\n{txt2img.Text[..Math.Min(txt2img.Text.Length, 2000)]}");

        var pngInfo = await Sup.Api.PostRawAsync("/sdapi/v1/png-info", Json.Serialize(new { image = txt2img.Json.Arr("images")?[0]?.GetValue<string>() }));
        Sup.Expect(pngInfo.Code == 200 && pngInfo.Json?["parameters"].Str("Sampler") == "DPM++ 2M" && pngInfo.Json?["parameters"].Str("Schedule type") == "Karras",
            $"png-info of the image should read the sampler and schedule back by A1111's names\n{pngInfo}");
    }
}
