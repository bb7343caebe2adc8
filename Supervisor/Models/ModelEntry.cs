using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Supervisor.Models;

/// <summary>One file of the catalog: where it is, what its header says, what it is, and what it needs.</summary>
public sealed record ModelEntry
{
    public required string Id { get; init; }
    /// <summary>The file name without its extension.</summary>
    public required string Name { get; init; }
    /// <summary>Relative to the models directory, '/'-separated.</summary>
    public required string RelativePath { get; init; }
    /// <summary>Absolute path inside the models directory (a symlink stays the link, not its target).</summary>
    public required string FullPath { get; init; }
    public ModelType Type { get; init; }
    public long Size { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }
    public ModelFileFormat Format { get; init; }
    /// <summary>Why the file is not a valid model file; null when its header is sane.</summary>
    public string? Invalid { get; init; }
    public ModelDetection Detection { get; init; } = ModelDetection.Unknown("not detected");
    public int TensorCount { get; init; }
    /// <summary>Header metadata worth showing (long training logs are left out).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Where the header says the data ends; a complete file is at least this long.</summary>
    public long DataEnd { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<RequirementStatus> Requirements { get; init; } = [];

    public bool IsValid => Invalid is null;
    public ArchitectureInfo Architecture => Architectures.Get(Detection.Architecture);

    /// <summary>
    /// How this file loads: model_path for full checkpoints (also all-in-one DiT files), else its architecture's way.
    /// A checkpoint or diffusion model whose architecture the header cannot tell (a <c>.ckpt</c>/<c>.pt</c> pickle, an
    /// unrecognised tensor file) loads by trying, as the seed does: model_path first, then diffusion_model_path
    /// (<see cref="LoadsByTrying"/>); the library finds out what it is.
    /// </summary>
    public LoadingMethod Loading
    {
        get
        {
            var info = Architecture;
            if (!IsValid || info.Unsupported is not null)
                return LoadingMethod.None;
            if (Detection.Architecture == ModelArchitecture.Unknown)
                return LoadsByTrying ? LoadingMethod.ModelPath : LoadingMethod.None;
            if (info.Role != ModelRole.DiffusionModel)
                return LoadingMethod.None;
            return Detection.FullCheckpoint ? LoadingMethod.ModelPath : info.Loading;
        }
    }

    /// <summary>
    /// True for a valid checkpoint or diffusion model of unknown architecture: it loads as model_path, and when that
    /// fails as diffusion_model_path (<c>ModelLoadSpec.FallbackToDiffusionModelPath</c>).
    /// </summary>
    public bool LoadsByTrying =>
        IsValid && Detection.Architecture == ModelArchitecture.Unknown && Format is not ModelFileFormat.Text and not ModelFileFormat.Unknown
        && (Type & (ModelType.Checkpoint | ModelType.DiffusionModel)) != 0;

    public IEnumerable<RequirementStatus> MissingRequirements =>
        Requirements.Where(r => r.Necessity == Necessity.Required && !r.IsMet);
}
