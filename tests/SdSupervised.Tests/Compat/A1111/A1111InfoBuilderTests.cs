using System.Text.Json;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Tests.Compat.A1111;

public sealed class A1111InfoBuilderTests
{
    private static readonly GenerationParameters Parameters = new()
    {
        Prompt = "a lighthouse",
        NegativePrompt = "fog",
        Width = 256,
        Height = 192,
        Steps = 12,
        CfgScale = 6.5f,
        SamplingMethod = "dpm++2m",
        Scheduler = "karras",
        Seed = 1000,
        BatchCount = 4,
        Model = "checkpoints--alpha.safetensors",
        ClipSkip = 2,
    };

    private static Job JobOf(JobStatus status, GenerationParameters p) => new()
    {
        Id = "job-1",
        Type = JobType.Text2Img,
        Status = status,
        Request = p,
        CreatedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 8, TimeSpan.Zero),
    };

    private static StoredImage Image(long seed) => new($"0-{seed}.png", [1], seed, 256, 192, InfotextFormatter.Format(Parameters, seed));

    [Fact]
    public void Info_describes_every_image_in_A1111s_shape()
    {
        var request = new A1111GenerationRequest { BatchSize = 2, NIter = 2 };
        var images = new[] { Image(1000), Image(1001), Image(1002), Image(1003) };

        var json = A1111InfoBuilder.Serialize(A1111InfoBuilder.Build(request, JobOf(JobStatus.Completed, Parameters), images, "alpha", "0123456789", "v"));
        using var doc = JsonDocument.Parse(json);
        var info = doc.RootElement;

        Assert.Equal("a lighthouse", info.GetProperty("prompt").GetString());
        Assert.Equal(4, info.GetProperty("all_prompts").GetArrayLength());
        Assert.Equal("fog", info.GetProperty("negative_prompt").GetString());
        Assert.Equal(1000, info.GetProperty("seed").GetInt64());
        Assert.Equal([1000L, 1001, 1002, 1003], info.GetProperty("all_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(-1, info.GetProperty("subseed").GetInt64());
        Assert.Equal(4, info.GetProperty("all_subseeds").GetArrayLength());
        Assert.Equal((256, 192), (info.GetProperty("width").GetInt32(), info.GetProperty("height").GetInt32()));
        Assert.Equal("DPM++ 2M", info.GetProperty("sampler_name").GetString());
        Assert.Equal("Karras", info.GetProperty("scheduler").GetString());
        Assert.Equal(6.5, info.GetProperty("cfg_scale").GetDouble());
        Assert.Equal(12, info.GetProperty("steps").GetInt32());
        Assert.Equal((2, 2), (info.GetProperty("batch_size").GetInt32(), info.GetProperty("n_iter").GetInt32()));
        Assert.Equal(("alpha", "0123456789"), (info.GetProperty("sd_model_name").GetString(), info.GetProperty("sd_model_hash").GetString()));
        Assert.Equal(images.Select(i => i.Infotext), info.GetProperty("infotexts").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("20250304050608", info.GetProperty("job_timestamp").GetString());
        Assert.Equal(2, info.GetProperty("clip_skip").GetInt32());
        Assert.Equal(JsonValueKind.Null, info.GetProperty("denoising_strength").ValueKind);
        Assert.False(info.GetProperty("interrupted").GetBoolean());
        Assert.Equal("job-1", info.GetProperty("job_id").GetString());
    }

    [Fact]
    public void An_interrupted_job_without_images_still_reports_its_seeds()
    {
        var p = Parameters with { BatchCount = 2, ClipSkip = -1, SamplingMethod = null, Scheduler = null, Strength = 0.6f };

        var info = A1111InfoBuilder.Build(new A1111GenerationRequest(), JobOf(JobStatus.Cancelled, p), [], null, null, "v");

        Assert.True(info.Interrupted);
        Assert.Empty(info.Infotexts);
        Assert.Equal([1000L, 1001], info.AllSeeds);
        Assert.Equal(1, info.ClipSkip);
        Assert.Null(info.SamplerName);
        Assert.Equal("Automatic", info.Scheduler);
        Assert.Equal(0.6f, info.DenoisingStrength);
    }
}
