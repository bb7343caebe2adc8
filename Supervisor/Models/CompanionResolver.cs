using SdSupervised.Contracts;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// The seed's "dependency checking": for each companion a diffusion model needs, use the one inside the file,
/// else pick a catalog file of a fitting architecture (best fit first, then one in the conventional folder, then
/// by path, so the pick is stable), else say by name what is missing. Also turns a model and its picks into the
/// <see cref="ModelLoadSpec"/> a worker loads.
/// </summary>
public static class CompanionResolver
{
    /// <summary>Each entry with its <see cref="ModelEntry.Requirements"/> filled in against the others.</summary>
    public static IReadOnlyList<ModelEntry> WithRequirements(IReadOnlyList<ModelEntry> entries) =>
        entries.Select(e => e with { Requirements = Resolve(e, entries) }).ToList();

    public static IReadOnlyList<RequirementStatus> Resolve(ModelEntry model, IReadOnlyList<ModelEntry> catalog)
    {
        var info = model.Architecture;
        if (!model.IsValid || info.Role != ModelRole.DiffusionModel)
            return [];
        var statuses = new List<RequirementStatus>(info.Companions.Count);
        foreach (var need in info.Companions)
        {
            if (model.Detection.Embedded.Contains(need.Kind))
            {
                statuses.Add(new RequirementStatus(need.Kind, need.Necessity) { Embedded = true });
                continue;
            }
            var provider = need.Necessity == Necessity.Optional ? null : Pick(need, catalog);
            var missing = provider is not null || need.Necessity == Necessity.Optional ? null : MissingMessage(info, need);
            statuses.Add(new RequirementStatus(need.Kind, need.Necessity) { Provider = provider, Missing = missing });
        }
        return statuses;
    }

    /// <summary>All catalog files that could serve <paramref name="need"/>, best first.</summary>
    public static IEnumerable<ModelEntry> Candidates(CompanionRequirement need, IEnumerable<ModelEntry> catalog) =>
        catalog
            .Where(e => e.IsValid && need.Accepts.Contains(e.Detection.Architecture))
            .Where(e => need.Family is null || e.Detection.BaseFamily == need.Family)
            .OrderBy(e => IndexOf(need.Accepts, e.Detection.Architecture))
            .ThenBy(e => e.RelativePath.StartsWith(need.Folder + "/", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(e => e.RelativePath, StringComparer.Ordinal);

    private static ModelEntry? Pick(CompanionRequirement need, IReadOnlyList<ModelEntry> catalog) => Candidates(need, catalog).FirstOrDefault();

    public static string KindName(CompanionKind kind) => kind switch
    {
        CompanionKind.Vae => "vae",
        CompanionKind.ClipL => "clip_l",
        CompanionKind.ClipG => "clip_g",
        CompanionKind.ClipH => "clip_h",
        CompanionKind.T5xxl => "t5xxl",
        CompanionKind.Umt5 => "umt5",
        CompanionKind.Llm => "llm",
        CompanionKind.ClipVision => "clip_vision",
        CompanionKind.Taesd => "taesd",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string MissingMessage(ArchitectureInfo info, CompanionRequirement need)
    {
        if (need.Accepts.Count == 0)
            return $"{info.DisplayName} needs {KindName(need.Kind)} inside the checkpoint: this file has none";
        var what = string.Join(" or ", need.Accepts.Select(a => Architectures.Get(a).DisplayName));
        var hint = need.Necessity == Necessity.Recommended ? " (it loads without, with worse results)" : "";
        return $"{info.DisplayName} needs {KindName(need.Kind)}: none found in {need.Folder}/ (wants {what}){hint}";
    }

    /// <summary>
    /// The load spec for <paramref name="model"/>: its own path by its loading method and every picked companion's.
    /// Null with a reason when a required companion is missing or cannot be passed to a worker.
    /// </summary>
    public static ModelLoadSpec? BuildSpec(ModelEntry model, out string? error)
    {
        error = null;
        var info = model.Architecture;
        if (!model.IsValid)
        {
            error = $"model '{model.Id}' is not a valid model file: {model.Invalid}";
            return null;
        }
        if (info.Unsupported is { } unsupported)
        {
            error = $"model '{model.Id}' is {info.DisplayName}: {unsupported}";
            return null;
        }
        if (model.Loading == LoadingMethod.None)
        {
            error = model.Detection.Architecture == ModelArchitecture.Unknown
                ? $"model '{model.Id}' could not be identified ({model.Detection.Reason}), so it cannot be loaded"
                : $"model '{model.Id}' is a {info.DisplayName}, not a model that generates images";
            return null;
        }
        var missing = model.MissingRequirements.Select(r => r.Missing).ToList();
        if (missing.Count > 0)
        {
            error = string.Join("; ", missing);
            return null;
        }

        string? Path(CompanionKind kind) => model.Requirements.FirstOrDefault(r => r.Kind == kind && r.Provider is not null)?.Provider!.FullPath;

        return new ModelLoadSpec
        {
            ModelId = model.Id,
            ModelPath = model.Loading == LoadingMethod.ModelPath ? model.FullPath : null,
            DiffusionModelPath = model.Loading == LoadingMethod.DiffusionModelPath ? model.FullPath : null,
            // Unknown architecture (a .ckpt/.pt pickle, say): the worker tries model_path, then diffusion_model_path.
            FallbackToDiffusionModelPath = model.LoadsByTrying,
            VaePath = Path(CompanionKind.Vae),
            ClipLPath = Path(CompanionKind.ClipL),
            ClipGPath = Path(CompanionKind.ClipG),
            // sd.cpp takes UMT5 (Wan) through its t5xxl parameter.
            T5xxlPath = Path(CompanionKind.T5xxl) ?? Path(CompanionKind.Umt5),
            LlmPath = Path(CompanionKind.Llm),
            TaesdPath = Path(CompanionKind.Taesd),
            // Wan 2.1 I2V/FLF2V encode the start (and end) frame with a CLIP vision tower.
            ClipVisionPath = Path(CompanionKind.ClipVision),
        };
    }

    private static int IndexOf(IReadOnlyList<ModelArchitecture> list, ModelArchitecture a)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == a) return i;
        return int.MaxValue;
    }
}
