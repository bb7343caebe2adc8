using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Supervisor.Api.Models;

public static class ModelResponseMapper
{
    public static ModelResponse ToResponse(this ModelEntry e, IReadOnlyList<string> loadedOn)
    {
        var info = e.Architecture;
        var met = e.Requirements.Where(r => r.IsMet)
            .Select(r => new MetRequirementResponse(r.Kind, r.Necessity, r.Embedded ? "embedded" : r.Provider!.Id, r.Embedded ? null : r.Provider!.RelativePath))
            .ToList();
        var missing = e.Requirements.Where(r => r.Missing is not null)
            .Select(r => new MissingRequirementResponse(r.Kind, r.Necessity, r.Missing!))
            .ToList();
        return new ModelResponse(
            e.Id,
            e.Name,
            ModelLayout.TypeName(e.Type),
            (int)e.Type,
            info.Id,
            info.DisplayName,
            e.Detection.BaseFamily,
            e.Format,
            e.Size,
            e.ModifiedAt,
            e.RelativePath,
            e.IsValid,
            e.Invalid,
            CompanionResolver.BuildSpec(e, out _) is not null,
            ModelService.LoadingName(e.Loading),
            new RequirementsResponse(met, missing, !e.MissingRequirements.Any()),
            loadedOn,
            e.Warnings);
    }

    public static ModelDetailResponse ToDetail(this ModelEntry e, CatalogSnapshot snapshot, IReadOnlyList<string> loadedOn, ModelHash? hash)
    {
        var info = e.Architecture;
        var d = e.Detection;
        var companions = info.Companions
            .Select(c => new CompanionOptionResponse(c.Kind, c.Necessity, c.Accepts.Select(a => Architectures.Get(a).Id).ToList(), c.Folder + "/",
                CompanionResolver.Candidates(c, snapshot.Entries).Select(x => x.Id).ToList()))
            .ToList();
        return new ModelDetailResponse(
            e.ToResponse(loadedOn),
            new DetectionResponse(info.Id, d.Reason, d.BaseFamily, d.Prediction, d.Embedded.Order().ToList(), d.FullCheckpoint, d.Notes),
            e.TensorCount,
            e.Metadata,
            info.Defaults,
            companions,
            info.Unsupported,
            hash is null ? null : new HashResponse(hash.Sha256, hash.ShortHash));
    }
}
