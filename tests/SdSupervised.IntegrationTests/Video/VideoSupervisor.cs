using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;

namespace SdSupervised.IntegrationTests.Video;

/// <summary>
/// One synthetic supervisor whose catalog holds header-only Wan files (a Wan 2.1 T2V 1.3B model with its Wan VAE and
/// UMT5 encoder, a Wan 2.2 A14B low/high-noise pair, a Wan 2.1 I2V model without a CLIP vision encoder) and an SD 1.5 checkpoint: detection is real, the
/// synthetic engine makes the frames.
/// </summary>
public sealed class VideoSupervisor : IAsyncLifetime
{
    public const string T2V = "wan2.1_t2v_1.3b";
    public const string I2V = "wan2.1_i2v_480p";
    public const string Image = "sd15";
    public const string Wan22Low = "wan22_t2v_low_noise_14b";
    public const string Wan22High = "wan22_t2v_high_noise_14b";

    public SupervisorProcess Supervisor { get; private set; } = null!;

    public Task InitializeAsync() => StartAsync(new SupervisorOptions { Workers = 1, StepMs = 20 });

    /// <summary>Starts a supervisor with <paramref name="options"/> and writes the Wan files into its catalog.</summary>
    public async Task StartAsync(SupervisorOptions options)
    {
        Supervisor = await SupervisorProcess.StartAsync(null, options);
        WriteModels(Path.Combine(Supervisor.DataDir, "models"));
        var refresh = await Supervisor.Api.PostAsync("/api/models/refresh", new { wait = true });
        if (refresh.Code != 200)
            throw Supervisor.Fail($"refresh should scan the Wan files\n{refresh}");
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();

    /// <summary>Writes the header-only Wan files (and the SD 1.5 checkpoint) into <paramref name="modelsDir"/>.</summary>
    public static void WriteModels(string modelsDir)
    {
        string At(string relative) => Path.Combine(modelsDir, relative);
        HeaderOnlyModels.Write(At($"diffusion_models/{T2V}.safetensors"), Wan(1536, 16));
        HeaderOnlyModels.Write(At($"diffusion_models/{I2V}.safetensors"), Wan(1536, 36, imageEmbedding: true));
        HeaderOnlyModels.Write(At($"diffusion_models/{Wan22Low}.safetensors"), Wan(5120, 16));
        HeaderOnlyModels.Write(At($"diffusion_models/{Wan22High}.safetensors"), Wan(5120, 16));
        HeaderOnlyModels.Write(At("vae/wan_2.1_vae.safetensors"), WanVae());
        HeaderOnlyModels.Write(At("text_encoders/umt5_xxl.safetensors"), Umt5());
        HeaderOnlyModels.Write(At($"checkpoints/{Image}.safetensors"), HeaderOnlyModels.Sd15());
    }

    /// <summary>The tensors Wan detection reads (the published files' names and shapes).</summary>
    private static IEnumerable<(string, long[])> Wan(long dim, long inDim, bool imageEmbedding = false)
    {
        yield return ("patch_embedding.weight", [dim, inDim, 1, 2, 2]);
        yield return ("patch_embedding.bias", [dim]);
        yield return ("text_embedding.0.weight", [dim, 4096]);
        yield return ("time_embedding.0.weight", [dim, 256]);
        yield return ("blocks.0.self_attn.q.weight", [dim, dim]);
        yield return ("blocks.0.cross_attn.k.weight", [dim, dim]);
        yield return ("blocks.0.cross_attn.norm_k.weight", [dim]);
        yield return ("blocks.29.ffn.0.weight", [dim * 4, dim]);
        yield return ("head.head.weight", [64, dim]);
        if (imageEmbedding)
        {
            yield return ("blocks.0.cross_attn.k_img.weight", [dim, dim]);
            yield return ("img_emb.proj.0.weight", [1280]);
            yield return ("img_emb.proj.1.weight", [1280, 1280]);
            yield return ("img_emb.proj.3.weight", [dim, 1280]);
        }
    }

    private static IEnumerable<(string, long[])> WanVae() =>
    [
        ("encoder.conv1.weight", [96, 3, 3, 3, 3]),
        ("decoder.conv1.weight", [384, 16, 3, 3, 3]),
        ("conv1.weight", [32, 32, 1, 1, 1]),
        ("conv2.weight", [16, 16, 1, 1, 1]),
    ];

    private static IEnumerable<(string, long[])> Umt5() =>
    [
        ("shared.weight", [256384, 4096]),
        ("encoder.block.0.layer.0.SelfAttention.q.weight", [4096, 4096]),
        ("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", [32, 64]),
        ("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight", [32, 64]),
        ("encoder.block.23.layer.1.DenseReluDense.wo.weight", [4096, 10240]),
        ("encoder.final_layer_norm.weight", [4096]),
    ];
}
