using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Supervisor.Api.Models;

/// <summary>A model as <c>GET /api/models</c> lists it.</summary>
public sealed record ModelResponse(
    string Id,
    string Name,
    string Type,
    int TypeValue,
    string Architecture,
    string ArchitectureName,
    ModelFamily? Family,
    ModelFileFormat Format,
    long Size,
    DateTimeOffset ModifiedAt,
    string Path,
    bool Valid,
    string? InvalidReason,
    bool Loadable,
    string LoadingMethod,
    RequirementsResponse Requirements,
    IReadOnlyList<string> LoadedOn,
    IReadOnlyList<string> Warnings);

/// <summary>Companions met (inside the file, or by which model) and missing (with the reason).</summary>
public sealed record RequirementsResponse(IReadOnlyList<MetRequirementResponse> Met, IReadOnlyList<MissingRequirementResponse> Missing, bool Satisfied);

public sealed record MetRequirementResponse(CompanionKind Kind, Necessity Necessity, string By, string? Path);

public sealed record MissingRequirementResponse(CompanionKind Kind, Necessity Necessity, string Message);

/// <summary><c>GET /api/models/{model_id}</c>: the listing's fields plus what detection found and what suits the model.</summary>
public sealed record ModelDetailResponse(
    ModelResponse Model,
    DetectionResponse Detection,
    int TensorCount,
    IReadOnlyDictionary<string, string> Metadata,
    RecommendedDefaults? Recommended,
    IReadOnlyList<CompanionOptionResponse> Companions,
    string? Unsupported,
    HashResponse? Hash);

public sealed record DetectionResponse(
    string Architecture, string Reason, ModelFamily? BaseFamily, string? Prediction, IReadOnlyList<CompanionKind> Embedded,
    bool FullCheckpoint, IReadOnlyList<string> Notes);

/// <summary>A companion the model takes, with every catalog file that fits (best first).</summary>
public sealed record CompanionOptionResponse(CompanionKind Kind, Necessity Necessity, IReadOnlyList<string> Accepts, string Folder, IReadOnlyList<string> Candidates);

public sealed record HashResponse(string Sha256, string ShortHash);
