using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Infrastructure;
using SkiaSharp;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

public sealed class HappyPathTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Text2img_job_reports_rising_progress_then_completes_with_a_png_carrying_its_parameters()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { StepMs = 25 });
        var request = new Text2ImgRequest
        {
            Prompt = "a red fox in fresh snow, golden hour",
            NegativePrompt = "blurry, lowres",
            Width = 128,
            Height = 96,
            Steps = 30,
            Seed = 12345,
        };

        var submit = await sup.Api.SubmitRawAsync(request);
        Assert.True(submit.Code == 202, $"expected 202\n{submit}\n{sup.Context()}");
        var jobId = submit.Json.Str("job_id")!;
        Assert.True(submit.Json.Str("status") == "queued", $"submit status should be 'queued'\n{submit}");
        Assert.True(submit.Json.Has("position"), $"submit answer lacks 'position'\n{submit}");

        // Watch every poll: steps must be seen rising while the job runs.
        var stepsSeen = new List<int>();
        var job = await sup.Api.WaitForJobAsync(jobId, j =>
        {
            if (j.Status == "running" && j.SamplingStep is int step)
            {
                stepsSeen.Add(step);
                if (j.Steps != 30) throw sup.Fail($"progress.steps should be the requested 30 while sampling, is {j.Steps}", j);
            }
            return j.IsTerminal;
        }, Timeouts.Job, "to finish");

        sup.Expect(job.Status == "completed", "job did not complete", job);
        sup.Expect(stepsSeen.Distinct().Count() >= 2 && stepsSeen.Max() > stepsSeen.Min(),
            $"progress.step (phase sampling) did not rise over polls; steps seen while running: [{string.Join(",", stepsSeen)}]", job);
        for (var i = 1; i < stepsSeen.Count; i++)
            sup.Expect(stepsSeen[i] >= stepsSeen[i - 1], $"progress.step went backwards: [{string.Join(",", stepsSeen)}]", job);
        sup.Expect(job.Attempts == 1, "a clean job should take exactly one attempt", job);
        sup.Expect(job.Type == "text2img", "type should be text2img", job);
        sup.Expect(job.Params.Long("seed") == 12345, "params.seed should be the requested 12345", job);
        sup.Expect(job.Node.Str("completed_at") is not null && job.Node.Str("started_at") is not null,
            "completed job should carry started_at and completed_at", job);

        sup.Expect(job.Outputs.Count == 1, "expected exactly one output", job);
        var outputRef = job.Outputs[0];
        sup.Expect(outputRef.Seed == 12345, "outputs[0].seed should be 12345", job);
        sup.Expect(outputRef.Width == 128 && outputRef.Height == 96, "outputs[0] should report 128x96", job);
        sup.Expect(outputRef.Filename is not null && Regex.IsMatch(outputRef.Filename, @"^\d+-12345\.png$"),
            "output filename should look like 00-<seed>.png", job);

        var png = await sup.Api.DownloadAsync(outputRef.Url!);
        Assert.True(png.Code == 200 && png.ContentType?.StartsWith("image/png") == true, $"download by url failed\n{png}\n{sup.Context()}");
        using (var bitmap = SKBitmap.Decode(png.Body))
        {
            Assert.True(bitmap is not null, "the output does not decode as an image");
            Assert.Equal((128, 96), (bitmap!.Width, bitmap.Height));
        }

        var text = PngText.Read(png.Body);
        Assert.True(text.TryGetValue("parameters", out var parameters), $"no 'parameters' text chunk; chunks: [{string.Join(", ", text.Keys)}]");
        Assert.StartsWith("a red fox in fresh snow, golden hour", parameters);
        Assert.Contains("Negative prompt: blurry, lowres", parameters);
        Assert.Contains("Steps: 30", parameters);
        Assert.Contains("Seed: 12345", parameters);
        Assert.Contains("Size: 128x96", parameters);

        // Both output routes serve the same file.
        foreach (var route in new[] { $"/api/v1/jobs/{jobId}/output/{outputRef.Filename}", $"/api/queue/job/{jobId}/output/{outputRef.Filename}" })
        {
            var again = await sup.Api.GetAsync(route);
            Assert.True(again.Code == 200 && again.Body.AsSpan().SequenceEqual(png.Body), $"route should serve the same bytes as the url\n{again}");
        }

        var thumb = await sup.Api.GetAsync($"/api/v1/jobs/{jobId}/output/{outputRef.Filename}?thumb=1&size=32");
        Assert.True(thumb.Code == 200 && thumb.ContentType?.StartsWith("image/png") == true, $"thumbnail failed\n{thumb}\n{sup.Context()}");
        using var thumbBitmap = SKBitmap.Decode(thumb.Body);
        Assert.True(thumbBitmap is not null, "the thumbnail does not decode");
        Assert.True(Math.Max(thumbBitmap!.Width, thumbBitmap.Height) == 32, $"thumbnail's longest side should be 32, got {thumbBitmap.Width}x{thumbBitmap.Height}");
    }

    [Fact]
    public async Task Same_seed_and_params_give_byte_identical_png_and_another_seed_gives_other_pixels()
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { Workers = 2, StepMs = 10 });
        var request = new Text2ImgRequest { Prompt = "a bowl of lemons", Width = 96, Height = 64, Steps = 6, Seed = 777 };

        var first = await sup.Api.SubmitAsync(request);
        var second = await sup.Api.SubmitAsync(request);
        var other = await sup.Api.SubmitAsync(request with { Seed = 778 });

        var a = await DownloadOnlyOutputAsync(sup, first);
        var b = await DownloadOnlyOutputAsync(sup, second);
        var c = await DownloadOnlyOutputAsync(sup, other);

        Assert.True(a.AsSpan().SequenceEqual(b), $"same seed and params gave different PNGs ({a.Length} vs {b.Length} bytes)\n{sup.Context()}");

        using var pa = SKBitmap.Decode(a);
        using var pc = SKBitmap.Decode(c);
        Assert.False(pa.Bytes.AsSpan().SequenceEqual(pc.Bytes), "seed 777 and seed 778 gave identical pixels");
    }

    [Theory]
    [InlineData("random")]
    [InlineData(-1)]
    public async Task Random_seed_is_reported_as_a_concrete_seed_in_params_and_outputs(object seed)
    {
        await using var sup = await SupervisorProcess.StartAsync(output, new SupervisorOptions { StepMs = 10 });
        var jobId = await sup.Api.SubmitAsync(new Text2ImgRequest { Steps = 3, Seed = seed });
        var job = await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);

        var concrete = job.Params.Long("seed");
        sup.Expect(concrete is >= 0, $"params.seed should be a concrete non-negative number for seed {seed}", job);
        sup.Expect(job.Outputs.Count == 1, "expected exactly one output", job);
        var outputRef = job.Outputs[0];
        sup.Expect(outputRef.Seed == concrete, "outputs[0].seed should equal params.seed", job);
        sup.Expect(outputRef.Filename?.Contains(concrete!.Value.ToString()) == true, "output filename should carry the concrete seed", job);

        var png = await sup.Api.DownloadAsync(outputRef.Url!);
        Assert.Contains($"Seed: {concrete}", PngText.Read(png.Body).GetValueOrDefault("parameters") ?? "");
    }

    private static async Task<byte[]> DownloadOnlyOutputAsync(SupervisorProcess sup, string jobId)
    {
        var job = await sup.Api.WaitForCompletedAsync(jobId, Timeouts.Job);
        var outputRef = job.Outputs.SingleOrDefault() ?? throw sup.Api.Fail("expected exactly one output", job);
        var png = await sup.Api.DownloadAsync(outputRef.Url!);
        if (png.Code != 200) throw sup.Api.Fail($"download failed\n{png}", job);
        return png.Body;
    }
}
