using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using static SdSupervised.Tests.Models.ArchitectureFixtures;

namespace SdSupervised.Tests.Models;

/// <summary>The seed's <c>--checkpoints DIR</c> and the other per-type folders: inside the models dir or elsewhere.</summary>
public sealed class ConfiguredFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sds-folders-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _models;

    public ConfiguredFolderTests()
    {
        _models = Path.Combine(_root, "models");
        Directory.CreateDirectory(_models);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private CatalogSnapshot Scan(Dictionary<string, string> folders)
    {
        var options = new ModelsOptions { Folders = new Dictionary<string, string>(folders, StringComparer.OrdinalIgnoreCase) };
        var catalog = new ModelCatalog(
            Options.Create(new SupervisorOptions { ModelsDir = _models, DataDir = Path.Combine(_root, "data") }),
            Options.Create(options),
            new ModelScanner(Options.Create(options), TimeProvider.System, NullLogger<ModelScanner>.Instance),
            NullLogger<ModelCatalog>.Instance);
        return catalog.ScanNow();
    }

    [Fact]
    public void Folders_outside_the_models_dir_are_listed_under_their_type_folder_with_that_type()
    {
        var elsewhere = Path.Combine(_root, "elsewhere", "my-checkpoints");
        var loras = Path.Combine(_root, "loras-on-another-disk");
        ModelFiles.Safetensors(Path.Combine(elsewhere, "sd15.safetensors"), Sd1());
        ModelFiles.Safetensors(Path.Combine(elsewhere, "nested", "sd15b.safetensors"), Sd1());
        // A LoRA-shaped file in the LoRA folder: a LoRA, whatever the name says.
        ModelFiles.Safetensors(Path.Combine(loras, "detail.safetensors"), LoraSd1Kohya());
        ModelFiles.Safetensors(Path.Combine(_models, "checkpoints", "local.safetensors"), Sd1());

        var snapshot = Scan(new() { ["Checkpoint"] = elsewhere, ["lora"] = loras });

        var outside = snapshot.Entries.Single(e => e.FullPath == Path.Combine(elsewhere, "sd15.safetensors"));
        Assert.Equal(("checkpoints/sd15.safetensors", ModelType.Checkpoint), (outside.RelativePath, outside.Type));
        Assert.Equal("checkpoints/nested/sd15b.safetensors", snapshot.Entries.Single(e => e.FullPath.EndsWith("sd15b.safetensors", StringComparison.Ordinal)).RelativePath);
        var lora = snapshot.Entries.Single(e => e.FullPath == Path.Combine(loras, "detail.safetensors"));
        Assert.Equal(("lora/detail.safetensors", ModelType.Lora), (lora.RelativePath, lora.Type));
        // The default folder keeps working beside the configured one.
        Assert.Equal(ModelType.Checkpoint, snapshot.Entries.Single(e => e.RelativePath == "checkpoints/local.safetensors").Type);
        Assert.Equal(4, snapshot.Entries.Count);
    }

    [Fact]
    public void A_relative_folder_inside_the_models_dir_gives_its_files_the_folders_type()
    {
        // Without the option, a text file under "sd/my-presets" is nothing; with it, a preset.
        Directory.CreateDirectory(Path.Combine(_models, "sd", "my-presets"));
        File.WriteAllText(Path.Combine(_models, "sd", "my-presets", "portrait.json"), """{"steps": 30}""");
        ModelFiles.Safetensors(Path.Combine(_models, "sd", "ckpts", "v15.safetensors"), Sd1());

        var snapshot = Scan(new() { ["presets"] = "sd/my-presets", ["checkpoints"] = "./sd/ckpts" });

        var preset = snapshot.Entries.Single(e => e.RelativePath == "sd/my-presets/portrait.json");
        Assert.Equal(ModelType.Presets, preset.Type);
        Assert.Equal(ModelType.Checkpoint, snapshot.Entries.Single(e => e.RelativePath == "sd/ckpts/v15.safetensors").Type);
    }

    [Fact]
    public void A_missing_folder_is_reported_in_the_scan_and_a_clash_with_the_default_folder_keeps_one_entry()
    {
        var elsewhere = Path.Combine(_root, "other");
        ModelFiles.Safetensors(Path.Combine(elsewhere, "same.safetensors"), Sd1());
        ModelFiles.Safetensors(Path.Combine(_models, "checkpoints", "same.safetensors"), Sd1());

        var snapshot = Scan(new() { ["checkpoint"] = elsewhere, ["vae"] = Path.Combine(_root, "missing") });

        Assert.Equal(Path.Combine(_models, "checkpoints", "same.safetensors"), Assert.Single(snapshot.Entries).FullPath);
        Assert.Contains(snapshot.LastScan!.Skipped, s => s.Contains("missing", StringComparison.Ordinal) && s.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(snapshot.LastScan!.Skipped, s => s.Contains("already listed as checkpoints/same.safetensors", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("checkpoint", "x", true)]
    [InlineData("Checkpoints", "x", true)]
    [InlineData("neg_prompts", "/abs", true)]
    [InlineData("NegPrompts", "/abs", true)]
    [InlineData("diffusion-model", "d", true)]
    [InlineData("lorra", "x", false)]
    [InlineData("checkpoint,lora", "x", false)]
    [InlineData("vae", " ", false)]
    public void Folder_keys_must_name_one_known_type_and_values_a_folder(string key, string value, bool valid)
    {
        var result = new ModelsOptionsValidator().Validate(null, new ModelsOptions { Folders = new() { [key] = value } });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.Contains($"Sds:Models:Folders:{key}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--checkpoints", "Sds:Models:Folders:Checkpoint")]
    [InlineData("--lora-model-dir", "Sds:Models:Folders:Lora")]
    [InlineData("--embd-dir", "Sds:Models:Folders:Embedding")]
    [InlineData("--neg-prompts-dir", "Sds:Models:Folders:NegPrompts")]
    public void Seed_folder_flags_map_to_model_folders(string flag, string key)
    {
        var result = CommandLine.Parse([flag, "some/dir"]);
        Assert.Null(result.Error);
        Assert.Equal("some/dir", result.Values[key]);
        Assert.Empty(ModelFolders.Problems(new Dictionary<string, string> { [key["Sds:Models:Folders:".Length..]] = "x" }));
    }
}
