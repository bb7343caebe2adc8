using System.Text.RegularExpressions;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// The rules for reference images, PhotoMaker and the canny preprocessor that need more than one field: which
/// inputs go together (400) and which models can use them (422). Pure, so every rule is testable without a server.
/// </summary>
public static partial class IdentityInputRules
{
    /// <summary>The architectures the library gives <c>ref_images</c> to.</summary>
    public static readonly IReadOnlyList<ModelArchitecture> RefImageArchitectures = [ModelArchitecture.FluxKontext, ModelArchitecture.QwenImageEdit];

    /// <summary>PhotoMaker patches an SDXL UNet (the seed: "PhotoMaker works with SDXL").</summary>
    public const ModelFamily PhotoMakerFamily = ModelFamily.Sdxl;

    /// <summary>The library's PhotoMaker trigger word; without it in the prompt the library turns PhotoMaker off.</summary>
    public const string PhotoMakerTrigger = "img";

    [GeneratedRegex(@"\bimg\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TriggerWord();

    /// <summary>The 400s: counts, sizes, and inputs that need each other.</summary>
    public static void CheckRequest(GenerationDraft draft, GenerationParameters p, Configuration.LimitsOptions limits, Action<string, string> add)
    {
        if (draft.RefImages.Count > limits.MaxRefImages)
            add("ref_images", $"at most {limits.MaxRefImages} reference images per job (got {draft.RefImages.Count}; Sds:Limits:MaxRefImages).");
        if (draft.PmIdImages.Count > limits.MaxPmIdImages)
            add("pm_id_images", $"at most {limits.MaxPmIdImages} ID images per job (got {draft.PmIdImages.Count}; Sds:Limits:MaxPmIdImages).");
        CheckEdges("ref_images", draft.RefImages, limits.MaxSize, add);
        CheckEdges("pm_id_images", draft.PmIdImages, limits.MaxSize, add);

        if (p.Photomaker is null)
        {
            if (draft.PmIdImages.Count > 0)
                add("pm_id_images", "pm_id_images needs photomaker: the PhotoMaker weights in the catalog (GET /api/models?type=photomaker).");
            if (p.PmStyleStrength is not null)
                add("pm_style_strength", "pm_style_strength needs photomaker.");
            if (p.PmIdEmbedPath is not null)
                add("pm_id_embed_path", "pm_id_embed_path needs photomaker.");
        }
        else
        {
            if (draft.PmIdImages.Count == 0)
                add("pm_id_images", "pm_id_images is required with photomaker: one or more photos of the person (base64 or http(s) URLs).");
            if (!TriggerWord().IsMatch(p.Prompt))
                add("prompt", $"with photomaker the prompt must name the person with the trigger word '{PhotoMakerTrigger}' (e.g. \"a man img, portrait\"); without it the library ignores the ID images.");
        }

        if (p.ControlPreprocess is not null && draft.Type != JobType.ControlNet)
            add("control_preprocess", "control_preprocess is for ControlNet requests (POST /api/generate/controlnet).");
        if (p.Canny is not null && p.ControlPreprocess is null)
            add("canny", "canny thresholds need control_preprocess: \"canny\".");
    }

    /// <summary>The 422s: what the request gives that its model cannot use; the message names the model and what can.</summary>
    public static void CheckModel(GenerationParameters p, int refImages, ArchitectureInfo? model, Action<string, string> add)
    {
        var name = p.Model is null ? "the default model" : $"model '{p.Model}'";
        var what = model is null ? "not in the catalog, so its architecture is unknown" : model.DisplayName;
        if (refImages > 0 && (model is null || !RefImageArchitectures.Contains(model.Architecture)))
            add("ref_images", $"{name} ({what}) cannot use reference images; models that can: " +
                $"{string.Join(", ", RefImageArchitectures.Select(a => Architectures.Get(a).DisplayName))}. For img2img use init_image.");
        if (p.Photomaker is not null && model?.Family != PhotoMakerFamily)
            add("photomaker", $"{name} ({what}) cannot use PhotoMaker; it needs an SDXL model (Stable Diffusion XL and its fine-tunes).");
    }

    private static void CheckEdges(string field, IReadOnlyList<DecodedImage> images, int maxEdge, Action<string, string> add)
    {
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Width > maxEdge || images[i].Height > maxEdge)
                add($"{field}[{i}]", $"the image is {images[i].Width}x{images[i].Height}, larger than {maxEdge} px per edge (Sds:Limits:MaxSize); scale it down.");
        }
    }
}
