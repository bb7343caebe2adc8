using System.Text.Json;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>The answer to <c>POST /sdapi/v1/options</c>: which keys took effect, which were accepted and ignored.</summary>
public sealed record A1111OptionsUpdate(
    [property: JsonPropertyName("applied")] IReadOnlyList<string> Applied,
    [property: JsonPropertyName("ignored")] IReadOnlyList<string> Ignored);

/// <summary>
/// A1111's options table, reduced to what this server has: <c>sd_model_checkpoint</c> is the default model
/// (<see cref="DefaultModelSetting"/>, kept across restarts); the rest are fixed values A1111 clients read.
/// Setting any other key is accepted and ignored, as its effect (UI, saving, previews) does not exist here.
/// </summary>
public sealed class A1111OptionsService(A1111Catalog catalog, DefaultModelSetting defaults)
{
    public async Task<IReadOnlyDictionary<string, object?>> GetAsync(CancellationToken cancellationToken)
    {
        var title = await catalog.CurrentCheckpointTitleAsync(cancellationToken);
        return new Dictionary<string, object?>
        {
            [A1111OverrideSettings.CheckpointKey] = title,
            ["sd_checkpoint_hash"] = A1111ModelTitles.HashOf(title),
            [A1111OverrideSettings.VaeKey] = "Automatic",
            [A1111OverrideSettings.ClipSkipKey] = 1,
            ["samples_format"] = "png",
            ["grid_format"] = "png",
            ["samples_save"] = true,
            ["save_images_add_number"] = true,
            ["enable_pnginfo"] = true,
            ["live_previews_enable"] = false,
            ["show_progress_every_n_steps"] = -1,
            ["sd_checkpoints_limit"] = 1,
            ["sd_vae_overrides_per_model_preferences"] = true,
        };
    }

    /// <summary>Applies <c>sd_model_checkpoint</c> (refused with the catalog's message when unknown); other keys are ignored.</summary>
    public async Task<A1111Result<A1111OptionsUpdate>> SetAsync(IReadOnlyDictionary<string, JsonElement> values, CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        if (values.TryGetValue(A1111OverrideSettings.CheckpointKey, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            var field = A1111OverrideSettings.CheckpointKey;
            if (value.ValueKind != JsonValueKind.String || A1111ModelTitles.Strip(value.GetString()) is not { } reference)
                return A1111Result<A1111OptionsUpdate>.Fail(A1111Errors.Invalid(field, "must be a checkpoint title or name from GET /sdapi/v1/sd-models."));
            var choice = await defaults.SetAsync(reference, cancellationToken);
            if (!choice.Accepted)
                return A1111Result<A1111OptionsUpdate>.Fail(A1111Errors.Invalid(field, choice.Error!));
            applied.Add(field);
        }
        var ignored = values.Keys.Where(k => !applied.Contains(k)).ToList();
        return A1111Result<A1111OptionsUpdate>.Ok(new A1111OptionsUpdate(applied, ignored));
    }
}
