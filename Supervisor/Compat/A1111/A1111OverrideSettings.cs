using System.Globalization;
using System.Text.Json;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary>
/// The <c>override_settings</c> keys a generation honours: <c>sd_model_checkpoint</c>, <c>sd_vae</c> and
/// <c>CLIP_stop_at_last_layers</c>. They apply to that one request (A1111's
/// <c>override_settings_restore_afterwards</c> is always in effect); every other key is ignored.
/// </summary>
public sealed record A1111OverrideSettings(string? Checkpoint, string? Vae, int ClipSkip)
{
    public const string CheckpointKey = "sd_model_checkpoint";
    public const string VaeKey = "sd_vae";
    public const string ClipSkipKey = "CLIP_stop_at_last_layers";

    public static readonly A1111OverrideSettings None = new(null, null, -1);

    /// <summary>Reads the honoured keys; a value of the wrong type is refused naming its key.</summary>
    public static (A1111OverrideSettings? Settings, A1111Failure? Failure) Read(IReadOnlyDictionary<string, JsonElement>? settings)
    {
        if (settings is null || settings.Count == 0)
            return (None, null);
        string? checkpoint = null, vae = null;
        var clipSkip = -1;
        if (settings.TryGetValue(CheckpointKey, out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.String)
                return (null, A1111Errors.Invalid($"override_settings.{CheckpointKey}", "must be a checkpoint title or name (a string)."));
            checkpoint = A1111ModelTitles.Strip(c.GetString());
        }
        if (settings.TryGetValue(VaeKey, out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind != JsonValueKind.String)
                return (null, A1111Errors.Invalid($"override_settings.{VaeKey}", "must be a VAE name, \"Automatic\" or \"None\" (a string)."));
            vae = A1111ModelTitles.VaeReference(v.GetString());
        }
        if (settings.TryGetValue(ClipSkipKey, out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (ReadInt(s) is not { } layers)
                return (null, A1111Errors.Invalid($"override_settings.{ClipSkipKey}", "must be an integer (1 = use the last CLIP layer)."));
            clipSkip = ClipSkipFromA1111(layers);
        }
        return (new A1111OverrideSettings(checkpoint, vae, clipSkip), null);
    }

    /// <summary>
    /// A1111's <c>CLIP_stop_at_last_layers</c> counts like stable-diffusion.cpp's <c>clip_skip</c> (1 = the last
    /// layer, 2 = the penultimate). But A1111's default 1 is its "no setting", and sd.cpp's -1 picks each model's own
    /// (the penultimate for SD2/SDXL, which A1111 also uses there whatever this says): so 1 or less becomes -1, and
    /// 2 and more pass through.
    /// </summary>
    public static int ClipSkipFromA1111(int layers) => layers <= 1 ? -1 : layers;

    /// <summary>The A1111 value for ours: the model's default (-1) shows as A1111's default, 1.</summary>
    public static int ClipSkipToA1111(int clipSkip) => clipSkip <= 1 ? 1 : clipSkip;

    private static int? ReadInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };
}
