using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;

namespace SdSupervised.IntegrationTests.Api.A1111;

/// <summary>
/// One synthetic supervisor for the /sdapi tests that do not change server state, with header-only files in its
/// catalog (a checkpoint, a VAE, a LoRA, an ESRGAN model, an embedding) so the listings have something real to list.
/// </summary>
public sealed class A1111Supervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 5 });
        await WriteModelsAsync(Supervisor);
    }

    /// <summary>Writes the catalog files into the supervisor's models directory and waits for the rescan.</summary>
    public static async Task WriteModelsAsync(SupervisorProcess supervisor)
    {
        string At(string relative) => Path.Combine(supervisor.DataDir, "models", relative);
        HeaderOnlyModels.Write(At("checkpoints/alpha.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("checkpoints/beta.safetensors"), HeaderOnlyModels.Sd15());
        HeaderOnlyModels.Write(At("vae/kl.safetensors"), HeaderOnlyModels.KlVae(4));
        HeaderOnlyModels.Write(At("lora/pixel_art.safetensors"), [("lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight", [4, 320])]);
        HeaderOnlyModels.Write(At("esrgan/x2.safetensors"), [("conv_first.weight", [64, 3, 3, 3])]);
        HeaderOnlyModels.Write(At("embeddings/bad_hands.safetensors"), [("emb_params", [2, 768])]);
        var refresh = await supervisor.Api.SendAsync(HttpMethod.Post, "/sdapi/v1/refresh-checkpoints");
        if (refresh.Code != 200)
            throw supervisor.Fail($"/sdapi/v1/refresh-checkpoints should rescan and answer 200\n{refresh}");
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
