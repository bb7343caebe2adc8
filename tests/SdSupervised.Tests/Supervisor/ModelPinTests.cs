using SdSupervised.Supervisor.Workers;

namespace SdSupervised.Tests.Supervisor;

public sealed class ModelPinTests
{
    public static TheoryData<string[], string[], string?, bool> Cases => new()
    {
        { [], [], "anything", true },
        { ["flux*"], [], "flux-dev-q8", true },
        { ["flux*"], [], "FLUX-schnell", true },
        { ["flux*"], [], "sdxl-base", false },
        { ["sd?-base"], [], "sdx-base", true },
        { ["sd?-base"], [], "sdxl-base", false },
        { ["sdxl-base", "sd15"], [], "sd15", true },
        { [], ["flux*"], "flux-dev", false },
        { [], ["flux*"], "sdxl-base", true },
        { ["*"], ["*-q4"], "flux-q4", false },
        { ["flux.dev"], [], "fluxxdev", false },
        { ["flux*"], ["*"], null, true },
        { ["sd_xl_base_1.0"], [], "checkpoints--sd_xl_base_1.0.safetensors", true },
        { ["checkpoints--*"], ["flux1-dev.safetensors"], "diffusion_models--flux1-dev.safetensors", false },
        { [], ["diffusion_models--*"], "diffusion_models--flux1-dev.safetensors", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_slot_allows_a_model_by_name_or_glob_and_an_exclusion_wins(string[] include, string[] exclude, string? model, bool allowed) =>
        Assert.Equal(allowed, new ModelPin(include, exclude).Allows(model));
}
