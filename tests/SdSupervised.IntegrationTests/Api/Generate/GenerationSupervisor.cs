using SdSupervised.IntegrationTests.Infrastructure;
using SdSupervised.IntegrationTests.Models;

namespace SdSupervised.IntegrationTests.Api.Generate;

/// <summary>
/// One synthetic supervisor for the generation-mode tests, with header-only companion files in its catalog (a LoRA,
/// a ControlNet, an ESRGAN model): the synthetic engine does not read them, but every name is resolved for real.
/// </summary>
public sealed class GenerationSupervisor : IAsyncLifetime
{
    public SupervisorProcess Supervisor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Supervisor = await SupervisorProcess.StartAsync(null, new SupervisorOptions { Workers = 1, StepMs = 5 });
        string At(string relative) => Path.Combine(Supervisor.DataDir, "models", relative);
        HeaderOnlyModels.Write(At("lora/pixel_art.safetensors"), [("lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight", [4, 320])]);
        HeaderOnlyModels.Write(At("controlnet/canny.safetensors"), [("control_model.input_hint_block.0.weight", [16, 3, 3, 3])]);
        HeaderOnlyModels.Write(At("esrgan/x2.safetensors"), [("conv_first.weight", [64, 3, 3, 3])]);
        HeaderOnlyModels.Write(At("vae/kl.safetensors"), HeaderOnlyModels.KlVae(4));
        var refresh = await Supervisor.Api.PostAsync("/api/models/refresh", new { wait = true });
        if (refresh.Code != 200)
            throw Supervisor.Fail($"refresh should scan the companion files\n{refresh}");
    }

    public async Task DisposeAsync() => await Supervisor.DisposeAsync();
}
