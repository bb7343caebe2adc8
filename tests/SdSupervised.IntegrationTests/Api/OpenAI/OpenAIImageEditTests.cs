using OpenAI.Images;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>/v1/images/edits: inpainting with an OpenAI-style mask, img2img without, through the client and raw forms.</summary>
public sealed class OpenAIImageEditTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    /// <summary>The job behind a URL answer (<c>…/jobs/{id}/output/…</c>), as the seed API shows it.</summary>
    private async Task<JobSnapshot> JobOfUrlAsync(string url)
    {
        var segments = new Uri(url).Segments.Select(s => s.Trim('/')).ToList();
        var jobId = segments[segments.IndexOf("jobs") + 1];
        return await Sup.Api.GetJobAsync(jobId);
    }

    [Fact]
    public async Task The_official_client_edits_with_a_mask_as_an_inpainting_job()
    {
        var client = OpenAIClients.Images(Sup);
        using var image = new MemoryStream(TestImages.OpaquePng(128, 128));
        using var mask = new MemoryStream(TestImages.MaskPng(128, 128));

        var result = await client.GenerateImageEditAsync(image, "image.png", "a boat on the water", mask, "mask.png", new ImageEditOptions
        {
            Size = new GeneratedImageSize(128, 128),
            ResponseFormat = GeneratedImageFormat.Uri,
        });

        var url = result.Value.ImageUri?.ToString();
        Sup.Expect(url is not null, "the edit should answer a URL");
        var job = await JobOfUrlAsync(url!);
        Sup.Expect(job.Type == "inpainting" && job.Params.Str("mask_image") is not null,
            "an edit with a mask should run as an inpainting job with a stored mask", job);
        using var http = new OpenAIHttp(Sup);
        var download = await http.GetAsync(url!);
        using var bitmap = TestImages.Decode(download.Body, "edited image");
        Sup.Expect(bitmap.Width == 128 && bitmap.Height == 128, $"edited image is {bitmap.Width}x{bitmap.Height}");
    }

    [Fact]
    public async Task Without_a_mask_an_edit_is_img2img_at_the_images_own_size()
    {
        var client = OpenAIClients.Images(Sup);
        using var image = new MemoryStream(TestImages.OpaquePng(192, 128));

        var result = await client.GenerateImageEditAsync(image, "photo.png", "make it autumn", new ImageEditOptions
        {
            ResponseFormat = GeneratedImageFormat.Bytes,
        });

        using var bitmap = TestImages.Decode(result.Value.ImageBytes.ToArray(), "img2img result");
        Sup.Expect(bitmap.Width == 192 && bitmap.Height == 128, $"with no size the edit should keep the image's 192x128, got {bitmap.Width}x{bitmap.Height}");
    }

    [Fact]
    public async Task A_raw_form_with_image_array_n_and_strength_is_accepted()
    {
        using var http = new OpenAIHttp(Sup);

        var response = await http.PostFormAsync("/v1/images/edits",
            [("prompt", "two variants"), ("n", "2"), ("size", "64x64"), ("strength", "0.5"), ("response_format", "url"), ("model", "dall-e-2")],
            ("image[]", "a.png", TestImages.OpaquePng(64, 64)), ("image[]", "b.png", TestImages.OpaquePng(32, 32)));

        var data = response.Json.Arr("data");
        Sup.Expect(response.Code == 200 && data?.Count == 2, $"expected 200 with 2 images\n{response}");
        var job = await JobOfUrlAsync(data![0].Str("url")!);
        Sup.Expect(job.Type == "img2img" && job.Params.Double("strength") == 0.5,
            "a form without a mask should be img2img with the strength asked", job);
    }

    [Fact]
    public async Task Edits_without_an_image_or_with_a_file_that_is_no_image_are_400()
    {
        using var http = new OpenAIHttp(Sup);

        var noImage = await http.PostFormAsync("/v1/images/edits", [("prompt", "x")]);
        OpenAIErrorBody.Assert(noImage, 400, "invalid_request_error", "image", Sup.Context());

        var notAnImage = await http.PostFormAsync("/v1/images/edits", [("prompt", "x")], ("image", "a.png", "this is not a picture"u8.ToArray()));
        OpenAIErrorBody.Assert(notAnImage, 400, "invalid_request_error", "image", Sup.Context());

        var badMask = await http.PostFormAsync("/v1/images/edits", [("prompt", "x")],
            ("image", "a.png", TestImages.OpaquePng(64, 64)), ("mask", "m.png", new byte[] { 1, 2, 3 }));
        OpenAIErrorBody.Assert(badMask, 400, "invalid_request_error", "mask", Sup.Context());

        var noPrompt = await http.PostFormAsync("/v1/images/edits", [], ("image", "a.png", TestImages.OpaquePng(64, 64)));
        OpenAIErrorBody.Assert(noPrompt, 400, "invalid_request_error", "prompt", Sup.Context());

        var json = await http.PostJsonAsync("/v1/images/edits", """{"prompt": "x"}""");
        Sup.Expect(json.Code is 400 or 415 && json.Json.Obj("error") is not null, $"a JSON body to edits should be refused in OpenAI's shape\n{json}");
    }
}
