using SdSupervised.Supervisor.Models;

namespace SdSupervised.Tests.Models;

/// <summary>A worker's loaded-model key names its catalog model, with load options (VAE, TAESD, embeddings) after '+'.</summary>
public sealed class ModelIdsLoadKeyTests
{
    [Theory]
    [InlineData("checkpoints--sd15.safetensors", "checkpoints--sd15.safetensors", true)]
    [InlineData("checkpoints--sd15.safetensors+emb:68d91bff", "checkpoints--sd15.safetensors", true)]
    [InlineData("checkpoints--sd15.safetensors+emb:68d91bff+taesd:taesd--t.safetensors", "checkpoints--sd15.safetensors", true)]
    [InlineData("checkpoints--sd15.safetensors-v2", "checkpoints--sd15.safetensors", false)]
    [InlineData("checkpoints--sd1", "checkpoints--sd15.safetensors", false)]
    [InlineData(null, "checkpoints--sd15.safetensors", false)]
    [InlineData("checkpoints--sd15.safetensors", null, false)]
    public void A_key_is_a_load_of_its_model_with_or_without_options(string? key, string? model, bool expected) =>
        Assert.Equal(expected, ModelIds.IsLoadOf(key, model));
}
