using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.A1111;

public sealed class A1111ListingTests(A1111Supervisor shared) : IClassFixture<A1111Supervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    private async Task<System.Text.Json.Nodes.JsonArray> ListAsync(string path, params string[] keys)
    {
        var response = await Sup.Api.GetAsync(path);
        var items = response.Json as System.Text.Json.Nodes.JsonArray;
        Sup.Expect(response.Code == 200 && items is { Count: > 0 } && items.All(i => keys.All(k => i.Has(k))),
            $"{path} should answer a non-empty array of {{{string.Join(", ", keys)}}}\n{response}");
        return items!;
    }

    [Fact]
    public async Task Listings_answer_A1111s_shapes_with_the_catalog()
    {
        var models = await ListAsync("/sdapi/v1/sd-models", "title", "model_name", "hash", "sha256", "filename", "config");
        var alpha = models.FirstOrDefault(m => m.Str("model_name") == "alpha");
        Sup.Expect(alpha is not null && alpha.Str("title")!.StartsWith("alpha.safetensors", StringComparison.Ordinal)
                   && alpha.Str("filename")!.EndsWith("checkpoints/alpha.safetensors", StringComparison.Ordinal),
            $"sd-models should list alpha with its title and file\n{Json.Show(models)}");

        var vaes = await ListAsync("/sdapi/v1/sd-vae", "model_name", "filename");
        Sup.Expect(vaes.Any(v => v.Str("model_name") == "kl.safetensors"), $"sd-vae should list kl.safetensors\n{Json.Show(vaes)}");

        var loras = await ListAsync("/sdapi/v1/loras", "name", "alias", "path", "metadata");
        Sup.Expect(loras.Any(l => l.Str("name") == "pixel_art" && l.Str("path")!.EndsWith("pixel_art.safetensors", StringComparison.Ordinal)),
            $"loras should list pixel_art\n{Json.Show(loras)}");

        var upscalers = await ListAsync("/sdapi/v1/upscalers", "name", "model_name", "model_path", "model_url", "scale");
        var names = upscalers.Select(u => u.Str("name")).ToList();
        Sup.Expect(names.Contains("None") && names.Contains("Lanczos") && names.Contains("x2"), $"upscalers should list None, Lanczos and the ESRGAN model x2\n{Json.Show(upscalers)}");
        var latent = await ListAsync("/sdapi/v1/latent-upscale-modes", "name");
        Sup.Expect(latent.Any(l => l.Str("name") == "Latent"), $"latent-upscale-modes should list Latent\n{Json.Show(latent)}");

        var samplers = await ListAsync("/sdapi/v1/samplers", "name", "aliases", "options");
        var eulerA = samplers.FirstOrDefault(s => s.Str("name") == "Euler a");
        Sup.Expect(eulerA?["aliases"]?.AsArray().Any(a => a?.GetValue<string>() == "euler_a") == true && samplers.Any(s => s.Str("name") == "DPM++ 2M"),
            $"samplers should list A1111's names with ours as aliases\n{Json.Show(samplers)}");

        var schedulers = await ListAsync("/sdapi/v1/schedulers", "name", "label", "aliases", "default_rho", "need_inner_model");
        Sup.Expect(schedulers.Any(s => s.Str("name") == "karras" && s.Str("label") == "Karras") && schedulers.Any(s => s.Str("name") == "automatic"),
            $"schedulers should list karras and automatic\n{Json.Show(schedulers)}");

        var options = await Sup.Api.GetAsync("/sdapi/v1/options");
        Sup.Expect(options.Code == 200 && options.Json.Str("sd_model_checkpoint") == "default" && options.Json.Str("samples_format") == "png"
                   && options.Json.Int("CLIP_stop_at_last_layers") == 1 && options.Json.Str("sd_vae") == "Automatic",
            $"options should show the checkpoint, the VAE, clip skip and samples_format png\n{options}");
    }

    [Fact]
    public async Task Refresh_checkpoints_picks_up_a_new_file()
    {
        Models.HeaderOnlyModels.Write(Path.Combine(Sup.DataDir, "models", "checkpoints", "gamma.safetensors"), Models.HeaderOnlyModels.Sd15());

        var refresh = await Sup.Api.SendAsync(HttpMethod.Post, "/sdapi/v1/refresh-checkpoints");
        var models = await Sup.Api.GetAsync("/sdapi/v1/sd-models");

        Sup.Expect(refresh.Code == 200 && models.Text.Contains("\"model_name\":\"gamma\"", StringComparison.Ordinal),
            $"after refresh-checkpoints, sd-models should list gamma\n{refresh}\n{models}");
    }
}
