using OpenAI.Images;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>/v1/images/generations through the official OpenAI .NET client and through plain HTTP, on a real supervisor.</summary>
public sealed class OpenAIImageGenerationTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task The_official_client_gets_n_decodable_different_images_of_the_requested_size()
    {
        var client = OpenAIClients.Images(Sup);

        var result = await client.GenerateImagesAsync("a lighthouse at dusk", 2, new ImageGenerationOptions
        {
            Size = new GeneratedImageSize(256, 192),
            ResponseFormat = GeneratedImageFormat.Bytes,
        });

        var images = result.Value;
        Sup.Expect(images.Count == 2, $"n=2 should give 2 images, got {images.Count}");
        var bytes = images.Select(i => i.ImageBytes?.ToArray() ?? []).ToList();
        for (var i = 0; i < bytes.Count; i++)
        {
            Sup.Expect(TestImages.IsPng(bytes[i]), $"image {i} should be a PNG by default ({bytes[i].Length} bytes)");
            using var bitmap = TestImages.Decode(bytes[i], $"image {i}");
            Sup.Expect(bitmap.Width == 256 && bitmap.Height == 192, $"image {i} is {bitmap.Width}x{bitmap.Height}, asked 256x192");
        }
        Sup.Expect(!bytes[0].SequenceEqual(bytes[1]), "the two images of one request should differ (each has its own seed)");
        var age = DateTimeOffset.UtcNow - images.CreatedAt;
        Sup.Expect(age > TimeSpan.FromMinutes(-5) && age < TimeSpan.FromMinutes(10), $"created should be now in unix seconds, got {images.CreatedAt}");
    }

    [Fact]
    public async Task Url_response_format_gives_absolute_urls_that_this_server_serves()
    {
        var client = OpenAIClients.Images(Sup);

        var result = await client.GenerateImageAsync("a red bicycle", new ImageGenerationOptions
        {
            Size = new GeneratedImageSize(128, 128),
            ResponseFormat = GeneratedImageFormat.Uri,
        });

        var url = result.Value.ImageUri;
        Sup.Expect(url is { IsAbsoluteUri: true } && url.Port == Sup.Port && result.Value.ImageBytes is null,
            $"expected an absolute URL on this server and no bytes, got '{url}'");
        using var http = new OpenAIHttp(Sup);
        var download = await http.GetAsync(url!.ToString());
        Sup.Expect(download.Code == 200 && TestImages.IsPng(download.Body), $"the URL should serve the PNG\n{download}");
        using var bitmap = TestImages.Decode(download.Body, "downloaded image");
        Sup.Expect(bitmap.Width == 128 && bitmap.Height == 128, $"downloaded image is {bitmap.Width}x{bitmap.Height}, asked 128x128");
    }

    [Fact]
    public async Task Without_response_format_dall_e_models_get_urls_and_gpt_image_1_gets_base64()
    {
        var dallE = await OpenAIClients.Images(Sup, "dall-e-3").GenerateImageAsync("a kite", new ImageGenerationOptions { Size = new GeneratedImageSize(64, 64) });
        Sup.Expect(dallE.Value.ImageUri is { IsAbsoluteUri: true } && dallE.Value.ImageBytes is null,
            $"dall-e-3 without response_format should answer a URL as OpenAI does, got uri '{dallE.Value.ImageUri}'");

        using var http = new OpenAIHttp(Sup);
        var gptImage = await http.PostJsonAsync("/v1/images/generations", new { prompt = "a kite", size = "64x64", steps = 2, model = "gpt-image-1" });
        var data = gptImage.Json.Arr("data")?[0];
        Sup.Expect(gptImage.Code == 200 && data.Str("b64_json") is { Length: > 0 } && data.Str("url") is null,
            $"gpt-image-1 without response_format should answer b64_json only\n{gptImage}");
    }

    [Fact]
    public async Task Output_format_jpeg_over_raw_http_returns_jpeg_bytes_and_says_so()
    {
        using var http = new OpenAIHttp(Sup);

        var response = await http.PostJsonAsync("/v1/images/generations",
            new { prompt = "a harbour", size = "128x128", output_format = "jpeg", output_compression = 60, steps = 2 });

        Sup.Expect(response.Code == 200, $"expected 200\n{response}");
        var data = response.Json.Arr("data");
        var b64 = data?[0].Str("b64_json");
        Sup.Expect(data?.Count == 1 && b64 is not null && response.Json.Str("output_format") == "jpeg" && response.Json.Str("size") == "128x128",
            $"expected one b64_json image, output_format 'jpeg' and size '128x128'\n{response}");
        var bytes = Convert.FromBase64String(b64!);
        Sup.Expect(TestImages.IsJpeg(bytes), $"output_format jpeg should give JPEG magic bytes, got {Convert.ToHexString(bytes.AsSpan(0, 8))}");
        using var bitmap = TestImages.Decode(bytes, "jpeg image");
        Sup.Expect(bitmap.Width == 128 && bitmap.Height == 128, $"jpeg image is {bitmap.Width}x{bitmap.Height}");
    }

    // The client marks output formats as evaluation-only (OPENAI001); they are what this test is about.
#pragma warning disable OPENAI001
    [Fact]
    public async Task Output_format_through_the_client_and_webp_urls_convert_on_request()
    {
        var client = OpenAIClients.Images(Sup);
        var jpeg = await client.GenerateImageAsync("a fox", new ImageGenerationOptions
        {
            Size = new GeneratedImageSize(64, 64),
            OutputFileFormat = GeneratedImageFileFormat.Jpeg,
            ResponseFormat = GeneratedImageFormat.Bytes,
        });
        var jpegBytes = jpeg.Value.ImageBytes.ToArray();
        Sup.Expect(TestImages.IsJpeg(jpegBytes), "the client's OutputFileFormat = Jpeg should give JPEG bytes");
#pragma warning restore OPENAI001

        using var http = new OpenAIHttp(Sup);
        var response = await http.PostJsonAsync("/v1/images/generations",
            new { prompt = "a fox", size = "64x64", output_format = "webp", response_format = "url", steps = 2 });
        var url = response.Json.Arr("data")?[0].Str("url");
        Sup.Expect(response.Code == 200 && url is not null && url.Contains("/v1/images/files/") && url.Contains(".webp"),
            $"a webp url should point at /v1/images/files/…webp\n{response}");
        var download = await http.GetAsync(url!);
        Sup.Expect(download.Code == 200 && download.ContentType == "image/webp" && TestImages.IsWebp(download.Body),
            $"the webp URL should serve WebP bytes as image/webp\n{download}");
        using var bitmap = TestImages.Decode(download.Body, "webp image");
        Sup.Expect(bitmap.Width == 64 && bitmap.Height == 64, $"webp image is {bitmap.Width}x{bitmap.Height}");
    }

    [Fact]
    public async Task Auto_size_is_512_and_the_seed_extension_makes_results_repeatable()
    {
        using var http = new OpenAIHttp(Sup);
        var body = new { prompt = "same seed", size = "auto", seed = 1234, steps = 2, model = "gpt-image-1" };

        var first = await http.PostJsonAsync("/v1/images/generations", body);
        var second = await http.PostJsonAsync("/v1/images/generations", Json.Serialize(body), bearer: "sk-ignored");

        Sup.Expect(first.Code == 200 && second.Code == 200, $"both should be 200 (a Bearer header is ignored)\n{first}\n{second}");
        Sup.Expect(first.Json.Str("size") == "512x512", $"size auto on the default model should be 512x512\n{first}");
        var a = Convert.FromBase64String(first.Json.Arr("data")![0].Str("b64_json")!);
        var b = Convert.FromBase64String(second.Json.Arr("data")![0].Str("b64_json")!);
        Sup.Expect(a.SequenceEqual(b), "the same seed and parameters should give the same PNG");
    }
}
