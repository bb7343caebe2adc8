using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.A1111;

public sealed class A1111GenerationTests(A1111Supervisor shared) : IClassFixture<A1111Supervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    private async Task<(ApiResponse Response, JsonArray Images, JsonNode Info)> GenerateAsync(string path, string body)
    {
        var response = await Sup.Api.PostRawAsync(path, body);
        var images = response.Json.Arr("images");
        var infoText = response.Json.Str("info");
        var info = Json.TryParse(infoText);
        Sup.Expect(response.Code == 200 && images is not null && info is JsonObject && response.Json.Obj("parameters") is not null,
            $"{path} should answer 200 {{images, parameters, info: \"<json>\"}}\n{response}");
        return (response, images!, info!);
    }

    [Fact]
    public async Task Txt2img_takes_a_real_client_payload_and_answers_pngs_of_the_requested_size_with_their_seeds()
    {
        var (response, images, info) = await GenerateAsync("/sdapi/v1/txt2img",
            A1111Payloads.Txt2Img(seed: 1234, width: 128, height: 96, batchSize: 2, nIter: 2, sampler: "DPM++ 2M Karras", scheduler: "Automatic"));

        Sup.Expect(images.Count == 4, $"batch_size 2 x n_iter 2 should give 4 images\n{response}");
        var seeds = info.Arr("all_seeds")?.Select(s => s!.GetValue<long>()).ToList() ?? [];
        var infotexts = info.Arr("infotexts")?.Select(t => t!.GetValue<string>()).ToList() ?? [];
        Sup.Expect(info.Long("seed") == 1234 && seeds.Count == 4 && seeds[0] == 1234 && seeds.Distinct().Count() == 4 && infotexts.Count == 4,
            $"info should report seed 1234, four distinct seeds and four infotexts\n{Json.Show(info)}");
        for (var i = 0; i < images.Count; i++)
        {
            var base64 = images[i]!.GetValue<string>();
            using var bitmap = A1111TestImages.Decode(base64);
            var parameters = PngText.Read(Convert.FromBase64String(base64)).GetValueOrDefault("parameters") ?? "";
            Sup.Expect(bitmap.Width == 128 && bitmap.Height == 96, $"image {i} is {bitmap.Width}x{bitmap.Height}, expected 128x96");
            Sup.Expect(parameters.Contains($"Seed: {seeds[i]},") && parameters == infotexts[i] && parameters.StartsWith("a lighthouse at dusk\n", StringComparison.Ordinal),
                $"image {i}'s parameters chunk should be its infotext with seed {seeds[i]}\nchunk: {parameters}\ninfotext: {infotexts[i]}");
        }
        Sup.Expect(info.Str("prompt") == "a lighthouse at dusk" && info.Str("negative_prompt") == "blurry, lowres" && info.Int("width") == 128
                   && info.Int("height") == 96 && info.Int("steps") == 3 && info.Int("batch_size") == 2 && info.Int("n_iter") == 2
                   && info.Str("sampler_name") == "DPM++ 2M" && info.Str("scheduler") == "Karras" && info.Double("cfg_scale") == 7
                   && info.Arr("all_prompts")?.Count == 4 && info.Has("subseed") && info.Has("clip_skip") && info.Has("denoising_strength")
                   && info.Has("sd_model_name") && !string.IsNullOrEmpty(info.Str("job_timestamp")),
            $"info should carry A1111's fields with the effective values\n{Json.Show(info)}");
        var echoed = response.Json.Obj("parameters");
        Sup.Expect(echoed.Arr("styles") is not null && echoed.Obj("alwayson_scripts") is not null && echoed.Long("seed") == 1234,
            $"parameters should echo the request as received\n{response}");
    }

    [Fact]
    public async Task Same_seed_gives_the_same_image_and_send_images_false_sends_none()
    {
        var (_, first, _) = await GenerateAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(seed: 77, sampler: "Euler", scheduler: "Karras"));
        var (_, second, _) = await GenerateAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(seed: 77, sampler: "Euler", scheduler: "Karras"));
        Sup.Expect(first[0]!.GetValue<string>() == second[0]!.GetValue<string>(), "the same seed and parameters should give the same PNG");

        var body = JsonNode.Parse(A1111Payloads.Txt2Img(seed: 78))!.AsObject();
        body["send_images"] = false;
        var (response, none, info) = await GenerateAsync("/sdapi/v1/txt2img", body.ToJsonString());
        Sup.Expect(none.Count == 0 && info.Long("seed") == 78 && info.Arr("infotexts")?.Count == 1,
            $"send_images false should answer no images but the info of the one made\n{response}");
    }

    [Fact]
    public async Task Img2img_uses_the_init_image_and_a_mask_makes_it_inpainting()
    {
        var init = A1111TestImages.Gradient(128, 128);
        var (response, images, info) = await GenerateAsync("/sdapi/v1/img2img", A1111Payloads.Img2Img(Convert.ToBase64String(init), denoising: 0.5));
        using (var bitmap = A1111TestImages.Decode(images.Single()!.GetValue<string>()))
            Sup.Expect(bitmap.Width == 128 && bitmap.Height == 128, $"img2img should answer a 128x128 image, got {bitmap.Width}x{bitmap.Height}");
        Sup.Expect(info.Double("denoising_strength") == 0.5 && info.Long("seed") == 99 && info["is_using_inpainting_conditioning"]?.GetValue<bool>() == false,
            $"img2img info should carry denoising_strength 0.5 and seed 99\n{Json.Show(info)}");
        Sup.Expect(response.Json.Obj("parameters")?["init_images"] is null && !response.Text.Contains(Convert.ToBase64String(init)[..40], StringComparison.Ordinal),
            $"the answer should not echo the init image back\n{response.Text[..Math.Min(600, response.Text.Length)]}");

        var mask = A1111TestImages.DataUrl(A1111TestImages.HalfMask(128, 128));
        var (_, masked, maskedInfo) = await GenerateAsync("/sdapi/v1/img2img", A1111Payloads.Img2Img(A1111TestImages.DataUrl(init), mask, denoising: 0.8, invert: 1));
        Sup.Expect(masked.Count == 1 && maskedInfo["is_using_inpainting_conditioning"]?.GetValue<bool>() == true && maskedInfo.Double("denoising_strength") == 0.8,
            $"img2img with a mask should run as inpainting\n{Json.Show(maskedInfo)}");
        var unmasked = images.Single()!.GetValue<string>();
        Sup.Expect(masked.Single()!.GetValue<string>() != unmasked, "the inpainted image should differ from the plain img2img one");
    }

    [Fact]
    public async Task An_empty_prompt_is_allowed_as_A1111_allows_it()
    {
        var (response, images, info) = await GenerateAsync("/sdapi/v1/txt2img", """{"prompt": "", "steps": 2, "width": 64, "height": 64, "seed": 5}""");
        Sup.Expect(images.Count == 1 && info.Long("seed") == 5, $"A1111 clients may send an empty prompt\n{response}");
    }

    [Fact]
    public async Task Bad_input_is_a_json_4xx_naming_the_A1111_field()
    {
        var cases = new (string Path, string Body, string? Field)[]
        {
            ("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(sampler: "UniPC"), "sampler_name"),
            ("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(sampler: "Euler", scheduler: "Nope"), "scheduler"),
            ("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(steps: 100000), "steps"),
            ("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(batchSize: 10, nIter: 10), "batch_size"),
            ("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(width: 100), "width"),
            ("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(overrideSettings: """{"sd_model_checkpoint": "no-such-model [0123456789]"}"""), "override_settings.sd_model_checkpoint"),
            ("/sdapi/v1/txt2img", """{"prompt": "x", "steps": "many"}""", "steps"),
            ("/sdapi/v1/txt2img", """{"prompt": "x", "steps": 3""", null),
            ("/sdapi/v1/img2img", A1111Payloads.Img2Img("!!! not base64 !!!"), "init_images"),
            ("/sdapi/v1/img2img", A1111Payloads.Img2Img(Convert.ToBase64String("hello, not an image"u8.ToArray())), "init_images"),
            ("/sdapi/v1/img2img", A1111Payloads.Img2Img(Convert.ToBase64String(A1111TestImages.Gradient(64, 64)), mask: "%%%"), "mask"),
            ("/sdapi/v1/png-info", """{"image": "!!!"}""", "image"),
            ("/sdapi/v1/extra-single-image", """{"image": "", "upscaler_1": "Lanczos"}""", "image"),
            ("/sdapi/v1/extra-single-image", $$"""{"image": "{{Convert.ToBase64String(A1111TestImages.Gradient(16, 16))}}", "upscaler_1": "R-ESRGAN 4x+"}""", "upscaler_1"),
        };
        foreach (var (path, body, field) in cases)
        {
            var response = await Sup.Api.PostRawAsync(path, body);
            ErrorBody.Assert4xx(response, Sup.Context());
            Sup.Expect(response.Json.Str("detail") == response.Json.Str("message"), $"A1111 clients read 'detail': it should carry the message\n{response}");
            if (field is not null)
                ErrorBody.AssertNamesField(response, field, Sup.Context());
        }
    }

    [Fact]
    public async Task Png_info_reads_the_parameters_back_out_of_a_generated_image()
    {
        var (_, images, info) = await GenerateAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img(prompt: "a red kite", seed: 4242, sampler: "Heun", scheduler: "Exponential"));
        var image = images.Single()!.GetValue<string>();

        foreach (var sent in new[] { image, "data:image/png;base64," + image })
        {
            var response = await Sup.Api.PostRawAsync("/sdapi/v1/png-info", new JsonObject { ["image"] = sent }.ToJsonString());
            var parameters = response.Json.Obj("parameters");
            Sup.Expect(response.Code == 200 && response.Json.Str("info") == info.Arr("infotexts")![0]!.GetValue<string>()
                       && response.Json.Obj("items").Str("parameters") == response.Json.Str("info")
                       && parameters.Str("Prompt") == "a red kite" && parameters.Str("Negative prompt") == "blurry, lowres"
                       && parameters.Str("Seed") == "4242" && parameters.Str("Steps") == "3" && parameters.Str("Sampler") == "Heun"
                       && parameters.Str("Size-1") == "128" && parameters.Str("Size-2") == "96",
                $"png-info should answer the parameters text and its parsed fields\n{response}");
        }

        var plain = await Sup.Api.PostRawAsync("/sdapi/v1/png-info", new JsonObject { ["image"] = Convert.ToBase64String(A1111TestImages.Gradient(8, 8)) }.ToJsonString());
        Sup.Expect(plain.Code == 200 && plain.Json.Str("info") == "", $"an image without parameters has info \"\"\n{plain}");
    }

    [Fact]
    public async Task Extras_upscale_by_resize_and_by_an_esrgan_model()
    {
        var source = Convert.ToBase64String(A1111TestImages.Gradient(32, 24));

        var lanczos = await Sup.Api.PostRawAsync("/sdapi/v1/extra-single-image",
            $$"""{"image": "{{source}}", "upscaler_1": "Lanczos", "upscaling_resize": 2, "resize_mode": 0, "gfpgan_visibility": 0, "codeformer_visibility": 0, "upscaler_2": "None", "extras_upscaler_2_visibility": 0}""");
        Sup.Expect(lanczos.Code == 200 && lanczos.Json.Str("image") is { } resized && Size(resized) == (64, 48) && lanczos.Json.Has("html_info"),
            $"Lanczos x2 of 32x24 should answer a 64x48 image\n{lanczos}");

        var esrgan = await Sup.Api.PostRawAsync("/sdapi/v1/extra-single-image", $$"""{"image": "{{source}}", "upscaler_1": "x2", "upscaling_resize": 2}""");
        Sup.Expect(esrgan.Code == 200 && esrgan.Json.Str("image") is { } upscaled && Size(upscaled) == (64, 48),
            $"the ESRGAN model x2 should upscale 32x24 to 64x48 through a job\n{esrgan}");
    }

    private static (int, int) Size(string base64)
    {
        using var bitmap = A1111TestImages.Decode(base64);
        return (bitmap.Width, bitmap.Height);
    }
}
