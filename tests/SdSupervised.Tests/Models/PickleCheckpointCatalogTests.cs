using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Tests.Models;

/// <summary>
/// <c>.ckpt</c>/<c>.pt</c> files: the header cannot tell the architecture, so the catalog marks it unknown, and a
/// checkpoint or diffusion model of unknown architecture loads by trying (model_path, then diffusion_model_path).
/// </summary>
public sealed class PickleCheckpointCatalogTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sds-pickle-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _models;

    public PickleCheckpointCatalogTests()
    {
        _models = Path.Combine(_root, "models");
        Directory.CreateDirectory(_models);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A zip-format torch.save file: a local file header, as PyTorch 1.6+ writes.</summary>
    private static readonly byte[] ZipCheckpoint = [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, .. "archive/data.pkl"u8.ToArray()];

    /// <summary>A legacy pickle: protocol 2 opcode, then an empty dict.</summary>
    private static readonly byte[] LegacyPickle = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E];

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_models, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private CatalogSnapshot Scan() => new ModelCatalog(
        Options.Create(new SupervisorOptions { ModelsDir = _models, DataDir = Path.Combine(_root, "data") }),
        Options.Create(new ModelsOptions()),
        new ModelScanner(Options.Create(new ModelsOptions()), TimeProvider.System, NullLogger<ModelScanner>.Instance),
        NullLogger<ModelCatalog>.Instance).ScanNow();

    [Theory]
    [InlineData("checkpoints/v1-5-pruned.ckpt", true)]
    [InlineData("checkpoints/anything-v3.pt", false)]
    [InlineData("diffusion_models/unet.pt", true)]
    [InlineData("loose-at-root.ckpt", false)]
    public void A_pickle_checkpoint_is_unknown_and_loads_as_model_path_then_diffusion_model_path(string relative, bool zip)
    {
        Write(relative, zip ? ZipCheckpoint : LegacyPickle);

        var entry = Assert.Single(Scan().Entries);
        Assert.True(entry.IsValid, entry.Invalid);
        Assert.Equal(ModelFileFormat.Pickle, entry.Format);
        Assert.Equal(ModelArchitecture.Unknown, entry.Detection.Architecture);
        Assert.Equal(ModelHeaderReader.PickleReason, entry.Detection.Reason);
        Assert.Equal(LoadingMethod.ModelPath, entry.Loading);
        Assert.True(entry.LoadsByTrying);

        var spec = CompanionResolver.BuildSpec(entry, out var error);
        Assert.Null(error);
        Assert.Equal(entry.FullPath, spec!.ModelPath);
        Assert.Null(spec.DiffusionModelPath);
        Assert.True(spec.FallbackToDiffusionModelPath);
    }

    [Fact]
    public void A_pickle_of_another_kind_is_not_a_generation_model()
    {
        Write("loras/style.pt", LegacyPickle);
        Write("embeddings/bad-hands.pt", LegacyPickle);

        var snapshot = Scan();

        Assert.Equal(2, snapshot.Entries.Count);
        Assert.All(snapshot.Entries, e =>
        {
            Assert.False(e.LoadsByTrying);
            Assert.Equal(LoadingMethod.None, e.Loading);
            Assert.Null(CompanionResolver.BuildSpec(e, out _));
        });
    }

    [Fact]
    public void A_ckpt_that_is_no_pickle_is_invalid_and_not_loadable()
    {
        Write("checkpoints/notes.ckpt", "hello"u8.ToArray());

        var entry = Assert.Single(Scan().Entries);

        Assert.False(entry.IsValid);
        Assert.False(entry.LoadsByTrying);
        Assert.Equal(LoadingMethod.None, entry.Loading);
    }

    [Fact]
    public void A_known_architecture_loads_once_without_the_fallback()
    {
        ModelFiles.Safetensors(Path.Combine(_models, "checkpoints/sd15.safetensors"), ArchitectureFixtures.Sd1());

        var entry = Assert.Single(Scan().Entries);
        var spec = CompanionResolver.BuildSpec(entry, out _);

        Assert.False(entry.LoadsByTrying);
        Assert.False(spec!.FallbackToDiffusionModelPath);
    }
}
