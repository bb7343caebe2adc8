using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>
/// One synthetic supervisor whose catalog holds header-only files for the reference and identity inputs: Flux Kontext
/// with its companions, an SDXL checkpoint with its VAE, PhotoMaker weights, an SD 1.5 checkpoint and two ControlNets
/// (canny and depth, named as the published files are). Detection is real; the synthetic engine paints.
/// </summary>
public sealed class IdentityInputsSupervisor : IAsyncLifetime
{
    public const string Kontext = "flux1-kontext-dev";
    public const string Sdxl = "sd_xl_base_1.0";
    public const string Sd15 = "sd15";
    public const string PhotoMaker = "photomaker-v1";
    public const string CannyControlNet = "controlnet--control_v11p_sd15_canny.safetensors";
    public const string IdEmbeds = "photomaker/id_embeds.bin";

    public SupervisorProcess Supervisor { get; private set; } = null!;

    public Task InitializeAsync() => StartAsync(new SupervisorOptions { Workers = 1, StepMs = 5 });

    public async Task StartAsync(SupervisorOptions options)
    {
        Supervisor = await SupervisorProcess.StartAsync(null, options);
        WriteModels(Path.Combine(Supervisor.DataDir, "models"));
        var refresh = await Supervisor.Api.PostAsync("/api/models/refresh", new { wait = true });
        if (refresh.Code != 200)
            throw Supervisor.Fail($"refresh should scan the model files\n{refresh}");
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();

    public static void WriteModels(string modelsDir)
    {
        string At(string relative) => Path.Combine(modelsDir, relative);
        HeaderOnlyModels.Write(At($"diffusion_models/{Kontext}.safetensors"), HeaderOnlyModels.FluxDev());
        HeaderOnlyModels.Write(At("vae/ae.safetensors"), HeaderOnlyModels.KlVae(16));
        HeaderOnlyModels.Write(At("text_encoders/clip_l.safetensors"), HeaderOnlyModels.ClipL());
        HeaderOnlyModels.Write(At("text_encoders/t5xxl_fp16.safetensors"), T5xxl());
        HeaderOnlyModels.Write(At($"checkpoints/{Sdxl}.safetensors"), HeaderOnlyModels.SdxlUnetOnlyVae());
        HeaderOnlyModels.Write(At("vae/sdxl_vae.safetensors"), HeaderOnlyModels.KlVae(4));
        HeaderOnlyModels.Write(At($"checkpoints/{Sd15}.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At($"photomaker/{PhotoMaker}.safetensors"),
            [("pmid.id_encoder.fuse_module.mlp1.fc1.weight", [2048, 2048]), ("pmid.visual_projection_2.weight", [1280, 1024])]);
        HeaderOnlyModels.Write(At("controlnet/control_v11p_sd15_canny.safetensors"), [("control_model.input_hint_block.0.weight", [16, 3, 3, 3])]);
        HeaderOnlyModels.Write(At("controlnet/control_v11f1p_sd15_depth.safetensors"), [("control_model.input_hint_block.0.weight", [16, 3, 3, 3])]);
        File.WriteAllBytes(At(IdEmbeds), [1, 2, 3, 4]);
    }

    private static IEnumerable<(string, long[])> T5xxl() =>
    [
        ("shared.weight", [32128, 4096]),
        ("encoder.block.0.layer.0.SelfAttention.q.weight", [4096, 4096]),
        ("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", [32, 64]),
        ("encoder.block.23.layer.1.DenseReluDense.wo.weight", [4096, 10240]),
        ("encoder.final_layer_norm.weight", [4096]),
    ];
}
