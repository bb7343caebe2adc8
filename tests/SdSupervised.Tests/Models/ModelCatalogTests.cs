using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;
using static SdSupervised.Tests.Models.ArchitectureFixtures;

namespace SdSupervised.Tests.Models;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sds-catalog-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _models;

    public ModelCatalogTests()
    {
        _models = Path.Combine(_root, "models");
        Directory.CreateDirectory(_models);
    }

    private string At(string relative) => Path.Combine(_models, relative);

    private void Text(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(At(relative))!);
        File.WriteAllText(At(relative), content);
    }

    private ModelCatalog Catalog(ModelsOptions? options = null, string? modelsDir = null) => new(
        Options.Create(new SupervisorOptions { ModelsDir = modelsDir ?? _models, DataDir = Path.Combine(_root, "data") }),
        Options.Create(options ?? new ModelsOptions()),
        new ModelScanner(Options.Create(options ?? new ModelsOptions()), TimeProvider.System, NullLogger<ModelScanner>.Instance),
        NullLogger<ModelCatalog>.Instance);

    /// <summary>The "done when": SD1.5, SDXL + VAE, Flux (diffusion + ae + clip_l + t5xxl) and Wan, listed right.</summary>
    private void WriteDoneWhenLayout()
    {
        ModelFiles.Safetensors(At("checkpoints/v1-5-pruned-emaonly.safetensors"), Sd1());
        ModelFiles.Safetensors(At("checkpoints/sd_xl_base_1.0.safetensors"), Sdxl(withVae: false));
        ModelFiles.Safetensors(At("vae/sdxl_vae.safetensors"), KlVae("", 4));
        ModelFiles.Safetensors(At("diffusion_models/flux1-dev.safetensors"), Flux());
        ModelFiles.Safetensors(At("vae/ae.safetensors"), KlVae("", 16, quantConv: false));
        ModelFiles.Safetensors(At("text_encoders/clip_l.safetensors"), ClipText(768, 12));
        ModelFiles.Safetensors(At("text_encoders/t5xxl_fp16.safetensors"), T5(32128, perLayerBias: false));
        ModelFiles.Safetensors(At("diffusion_models/wan2.1_t2v_1.3B_fp16.safetensors"), Wan(1536, 16));
        ModelFiles.Safetensors(At("vae/wan_2.1_vae.safetensors"), WanVae(16));
        ModelFiles.Safetensors(At("text_encoders/umt5_xxl_fp16.safetensors"), T5(256384, perLayerBias: true));
    }

    [Fact]
    public void Sd15_sdxl_flux_and_wan_are_listed_with_architectures_types_and_met_requirements()
    {
        WriteDoneWhenLayout();
        var snapshot = Catalog().ScanNow();

        ModelEntry E(string path) => snapshot.Entries.Single(e => e.RelativePath == path);
        var sd15 = E("checkpoints/v1-5-pruned-emaonly.safetensors");
        var sdxl = E("checkpoints/sd_xl_base_1.0.safetensors");
        var flux = E("diffusion_models/flux1-dev.safetensors");
        var wan = E("diffusion_models/wan2.1_t2v_1.3B_fp16.safetensors");

        Assert.Equal(("sd1", ModelType.Checkpoint, LoadingMethod.ModelPath), (sd15.Architecture.Id, sd15.Type, sd15.Loading));
        Assert.Equal(("sdxl", ModelType.Checkpoint), (sdxl.Architecture.Id, sdxl.Type));
        Assert.Equal(("flux_dev", ModelType.DiffusionModel, LoadingMethod.DiffusionModelPath), (flux.Architecture.Id, flux.Type, flux.Loading));
        Assert.Equal(("wan2_1_t2v", ModelType.DiffusionModel), (wan.Architecture.Id, wan.Type));
        Assert.Equal("vae_sdxl", E("vae/sdxl_vae.safetensors").Architecture.Id);
        Assert.Equal(ModelType.TextEncoder, E("text_encoders/t5xxl_fp16.safetensors").Type);

        Assert.All(new[] { sd15, sdxl, flux, wan }, e => Assert.Empty(e.MissingRequirements));
        Assert.All(sd15.Requirements.Where(r => r.Necessity == Necessity.Required), r => Assert.True(r.Embedded));
        Assert.Equal("vae--sdxl_vae.safetensors", sdxl.Requirements.Single(r => r.Kind == CompanionKind.Vae).Provider!.Id);
        Assert.True(sdxl.Requirements.Single(r => r.Kind == CompanionKind.ClipG).Embedded);

        var fluxSpec = CompanionResolver.BuildSpec(flux, out var error);
        Assert.Null(error);
        Assert.Equal(flux.FullPath, fluxSpec!.DiffusionModelPath);
        Assert.Null(fluxSpec.ModelPath);
        Assert.Equal(At("vae/ae.safetensors"), fluxSpec.VaePath);
        Assert.Equal(At("text_encoders/clip_l.safetensors"), fluxSpec.ClipLPath);
        Assert.Equal(At("text_encoders/t5xxl_fp16.safetensors"), fluxSpec.T5xxlPath);

        var wanSpec = CompanionResolver.BuildSpec(wan, out _);
        Assert.Equal(At("vae/wan_2.1_vae.safetensors"), wanSpec!.VaePath);
        Assert.Equal(At("text_encoders/umt5_xxl_fp16.safetensors"), wanSpec.T5xxlPath);
        Assert.Null(wanSpec.ClipLPath);

        var sd15Spec = CompanionResolver.BuildSpec(sd15, out _);
        Assert.Equal(sd15.FullPath, sd15Spec!.ModelPath);
        Assert.Null(sd15Spec.VaePath);
        Assert.Equal(sd15.Id, sd15Spec.ModelId);
    }

    [Fact]
    public void A_missing_companion_is_reported_by_name_and_folder()
    {
        ModelFiles.Safetensors(At("diffusion_models/flux1-dev.safetensors"), Flux());
        ModelFiles.Safetensors(At("vae/ae.safetensors"), KlVae("", 16, quantConv: false));
        ModelFiles.Safetensors(At("text_encoders/clip_l.safetensors"), ClipText(768, 12));
        // A UMT5 is no T5-XXL: it must not be picked for Flux.
        ModelFiles.Safetensors(At("text_encoders/umt5_xxl_fp16.safetensors"), T5(256384, perLayerBias: true));

        var flux = Catalog().ScanNow().Entries.Single(e => e.Name == "flux1-dev");

        var missing = Assert.Single(flux.MissingRequirements);
        Assert.Equal(CompanionKind.T5xxl, missing.Kind);
        Assert.StartsWith("Flux.1 dev needs t5xxl: none found in text_encoders/", missing.Missing);
        Assert.Null(CompanionResolver.BuildSpec(flux, out var error));
        Assert.Contains("needs t5xxl", error);
    }

    [Fact]
    public void Qwen_image_gets_its_llm_and_vae_and_sd35_picks_the_recommended_t5()
    {
        ModelFiles.Safetensors(At("diffusion_models/qwen_image_fp8_e4m3fn.safetensors"), QwenImage());
        ModelFiles.Safetensors(At("vae/qwen_image_vae.safetensors"), WanVae(16));
        ModelFiles.Gguf(At("text_encoders/Qwen2.5-VL-7B-Instruct-Q8_0.gguf"), Qwen25VlGguf(), [("general.architecture", GgufValue.Str("qwen2vl"))]);
        ModelFiles.Safetensors(At("checkpoints/sd3.5_large.safetensors"), Sd3(38, 2432, false, allInOne: false));
        ModelFiles.Safetensors(At("text_encoders/clip_l.safetensors"), ClipText(768, 12));
        ModelFiles.Safetensors(At("text_encoders/clip_g.safetensors"), ClipText(1280, 32));
        ModelFiles.Safetensors(At("text_encoders/t5xxl_fp16.safetensors"), T5(32128, false));
        var snapshot = Catalog().ScanNow();

        var qwen = CompanionResolver.BuildSpec(snapshot.Entries.Single(e => e.Name.StartsWith("qwen_image_fp8")), out _)!;
        Assert.EndsWith("qwen_image_vae.safetensors", qwen.VaePath);
        Assert.EndsWith("Qwen2.5-VL-7B-Instruct-Q8_0.gguf", qwen.LlmPath);

        var sd35 = snapshot.Entries.Single(e => e.Name == "sd3.5_large");
        Assert.Equal(LoadingMethod.ModelPath, sd35.Loading); // model.diffusion_model. names: a full checkpoint
        var spec = CompanionResolver.BuildSpec(sd35, out _)!;
        Assert.Null(spec.VaePath); // its VAE is inside
        Assert.EndsWith("clip_g.safetensors", spec.ClipGPath);
        Assert.EndsWith("t5xxl_fp16.safetensors", spec.T5xxlPath);
    }

    [Fact]
    public void Wan21_i2v_and_flf2v_load_with_their_clip_vision_companion()
    {
        ModelFiles.Safetensors(At("diffusion_models/wan2.1_i2v_480p_14B_fp16.safetensors"), Wan(5120, 36, imgEmb: true, layers: 40));
        ModelFiles.Safetensors(At("diffusion_models/wan2.1_flf2v_720p_14B_fp16.safetensors"), Wan(5120, 36, imgEmb: true, flf: true, layers: 40));
        ModelFiles.Safetensors(At("vae/wan_2.1_vae.safetensors"), WanVae(16));
        ModelFiles.Safetensors(At("text_encoders/umt5_xxl_fp16.safetensors"), T5(256384, perLayerBias: true));
        ModelFiles.Safetensors(At("clip_vision/clip_vision_h.safetensors"), ClipVisionH());
        var snapshot = Catalog().ScanNow();

        foreach (var name in new[] { "wan2.1_i2v_480p_14B_fp16", "wan2.1_flf2v_720p_14B_fp16" })
        {
            var spec = CompanionResolver.BuildSpec(snapshot.Entries.Single(e => e.Name == name), out var error);
            Assert.Null(error);
            Assert.Equal(At("clip_vision/clip_vision_h.safetensors"), spec!.ClipVisionPath);
            Assert.Equal(At("vae/wan_2.1_vae.safetensors"), spec.VaePath);
            Assert.Equal(At("text_encoders/umt5_xxl_fp16.safetensors"), spec.T5xxlPath);
        }
    }

    [Fact]
    public void Wan21_i2v_without_clip_vision_names_the_missing_companion()
    {
        ModelFiles.Safetensors(At("diffusion_models/wan2.1_i2v_480p_14B_fp16.safetensors"), Wan(5120, 36, imgEmb: true, layers: 40));
        ModelFiles.Safetensors(At("vae/wan_2.1_vae.safetensors"), WanVae(16));
        ModelFiles.Safetensors(At("text_encoders/umt5_xxl_fp16.safetensors"), T5(256384, perLayerBias: true));

        var i2v = Catalog().ScanNow().Entries.Single(e => e.Name == "wan2.1_i2v_480p_14B_fp16");

        Assert.Null(CompanionResolver.BuildSpec(i2v, out var error));
        Assert.Contains("needs clip_vision: none found in clip_vision/", error);
    }

    [Fact]
    public void Corrupt_files_are_listed_invalid_and_the_scan_goes_on()
    {
        ModelFiles.Safetensors(At("checkpoints/good.safetensors"), Sd1());
        ModelFiles.RawSafetensors(At("checkpoints/bad-json.safetensors"), "{not json"u8.ToArray(), 0);
        ModelFiles.RawSafetensors(At("checkpoints/too-long.safetensors"), "{}"u8.ToArray(), 0, declaredLength: 1UL << 40);
        ModelFiles.Gguf(At("diffusion_models/v1.gguf"), [new G("w", [32])], version: 1);
        Text("vae/empty.safetensors", "");

        var snapshot = Catalog().ScanNow();

        Assert.Equal(5, snapshot.Entries.Count);
        Assert.Equal(4, snapshot.LastScan!.Invalid);
        Assert.True(snapshot.Entries.Single(e => e.Name == "good").IsValid);
        Assert.All(snapshot.Entries.Where(e => e.Name != "good"), e =>
        {
            Assert.False(e.IsValid);
            Assert.False(string.IsNullOrEmpty(e.Invalid));
            Assert.Equal(LoadingMethod.None, e.Loading);
        });
    }

    [Fact]
    public void Layout_types_come_from_folders_else_from_detection_and_other_files_are_ignored()
    {
        ModelFiles.Safetensors(At("sd15-at-root.safetensors"), Sd1());
        ModelFiles.Safetensors(At("loras/detail.safetensors"), LoraSd1Kohya());
        ModelFiles.Safetensors(At("misc/clip_l.safetensors"), ClipText(768, 12));
        Text("checkpoints/readme.txt", "not a model");
        Text("prompts/castle.txt", "a castle");
        Text("presets/portrait.json", "{}");
        Text("checkpoints/.hidden.safetensors", "x");

        var snapshot = Catalog().ScanNow();
        var types = snapshot.Entries.ToDictionary(e => e.RelativePath, e => e.Type);

        Assert.Equal(new Dictionary<string, ModelType>
        {
            ["loras/detail.safetensors"] = ModelType.Lora,
            ["misc/clip_l.safetensors"] = ModelType.TextEncoder,
            ["presets/portrait.json"] = ModelType.Presets,
            ["prompts/castle.txt"] = ModelType.Prompts,
            ["sd15-at-root.safetensors"] = ModelType.Checkpoint,
        }, types);
    }

    [Fact]
    public void A_file_in_the_wrong_folder_gets_a_warning()
    {
        ModelFiles.Safetensors(At("vae/flux1-dev.safetensors"), Flux());
        var entry = Assert.Single(Catalog().ScanNow().Entries);
        Assert.Equal(ModelType.Vae, entry.Type);
        Assert.Contains(entry.Warnings, w => w.Contains("belongs in diffusion_models/"));
    }

    [Fact]
    public void Rescans_read_only_new_or_changed_files()
    {
        ModelFiles.Safetensors(At("checkpoints/a.safetensors"), Sd1());
        ModelFiles.Safetensors(At("vae/ae.safetensors"), KlVae("", 16));
        var catalog = Catalog();

        Assert.Equal(2, catalog.ScanNow().LastScan!.HeadersRead);
        var again = catalog.ScanNow().LastScan!;
        Assert.Equal((0, 2), (again.HeadersRead, again.FromCache));

        File.SetLastWriteTimeUtc(At("vae/ae.safetensors"), DateTime.UtcNow.AddMinutes(-5));
        ModelFiles.Safetensors(At("text_encoders/clip_l.safetensors"), ClipText(768, 12));
        var third = catalog.ScanNow().LastScan!;
        Assert.Equal((2, 1, 3), (third.HeadersRead, third.FromCache, third.Files));
    }

    [Fact]
    public void Symlinks_out_of_the_models_directory_are_skipped_unless_configured()
    {
        var outside = Path.Combine(_root, "outside");
        ModelFiles.Safetensors(Path.Combine(outside, "secret.safetensors"), Sd1());
        Directory.CreateDirectory(At("checkpoints"));
        File.CreateSymbolicLink(At("checkpoints/linked.safetensors"), Path.Combine(outside, "secret.safetensors"));
        Directory.CreateSymbolicLink(At("checkpoints/outside-dir"), outside);
        File.CreateSymbolicLink(At("checkpoints/passwd.safetensors"), "/etc/passwd");
        ModelFiles.Safetensors(At("checkpoints/real.safetensors"), Sd1());
        File.CreateSymbolicLink(At("checkpoints/inside-link.safetensors"), At("checkpoints/real.safetensors"));

        var strict = Catalog().ScanNow();
        Assert.Equal(new[] { "checkpoints/inside-link.safetensors", "checkpoints/real.safetensors" }, strict.Entries.Select(e => e.RelativePath).Order());
        Assert.Equal(3, strict.LastScan!.Skipped.Count);
        Assert.All(strict.LastScan.Skipped, s => Assert.Contains("outside the models directory", s));

        var lenient = Catalog(new ModelsOptions { FollowSymlinksOutside = true }).ScanNow();
        Assert.Contains(lenient.Entries, e => e.RelativePath == "checkpoints/linked.safetensors" && e.Architecture.Id == "sd1");
        Assert.Contains(lenient.Entries, e => e.RelativePath == "checkpoints/outside-dir/secret.safetensors");
        // The link stays the path inside the models directory.
        Assert.Equal(At("checkpoints/linked.safetensors"), lenient.Entries.Single(e => e.Name == "linked").FullPath);
    }

    [Fact]
    public void A_missing_models_directory_is_an_empty_catalog()
    {
        var snapshot = Catalog(modelsDir: Path.Combine(_root, "nope")).ScanNow();
        Assert.Empty(snapshot.Entries);
        Assert.False(snapshot.LastScan!.DirectoryExists);
    }

    [Fact]
    public async Task Scans_requested_together_share_one_run_off_the_callers_thread()
    {
        ModelFiles.Safetensors(At("checkpoints/a.safetensors"), Sd1());
        var catalog = Catalog();
        var first = catalog.RequestScan();
        var second = catalog.RequestScan();
        var snapshots = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(snapshots[0], snapshots[1]);
        Assert.Single(snapshots[0].Entries);
        Assert.Same(snapshots[0], await catalog.WhenReadyAsync(CancellationToken.None));
    }

    // ---- ids and references ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("checkpoints/v1-5-pruned-emaonly.safetensors", "checkpoints--v1-5-pruned-emaonly.safetensors")]
    [InlineData("checkpoints/SD 1.5/My Model (final).safetensors", "checkpoints--sd-1.5--my-model-final-.safetensors")]
    [InlineData("..hidden/x.gguf", "hidden--x.gguf")]
    [InlineData("a--b.sft", "a-b.sft")]
    public void Ids_are_url_safe_slugs_of_the_relative_path(string path, string id)
    {
        Assert.Equal(id, ModelIds.Slug(path));
        Assert.Matches("^[a-z0-9._-]+$", id);
        Assert.Equal(id, Uri.EscapeDataString(id));
    }

    [Fact]
    public void Colliding_slugs_get_a_stable_hash_suffix()
    {
        var ids = ModelIds.Assign(["vae/A b.safetensors", "vae/a-b.safetensors", "vae/c.safetensors"]);
        Assert.Equal("vae--c.safetensors", ids["vae/c.safetensors"]);
        Assert.Matches("^vae--a-b.safetensors-[0-9a-f]{8}$", ids["vae/A b.safetensors"]);
        Assert.NotEqual(ids["vae/A b.safetensors"], ids["vae/a-b.safetensors"]);
        Assert.Equal(ids["vae/A b.safetensors"], ModelIds.Assign(["vae/a-b.safetensors", "vae/A b.safetensors"])["vae/A b.safetensors"]);
    }

    [Fact]
    public void References_resolve_by_id_path_file_name_and_name()
    {
        ModelFiles.Safetensors(At("checkpoints/sd15.safetensors"), Sd1());
        ModelFiles.Safetensors(At("checkpoints/twin.safetensors"), Sd1());
        ModelFiles.Safetensors(At("diffusion_models/twin.gguf"), [], null);
        var snapshot = Catalog().ScanNow();

        foreach (var reference in new[] { "checkpoints--sd15.safetensors", "checkpoints/sd15.safetensors", "sd15.safetensors", "sd15", "SD15" })
            Assert.Equal("checkpoints--sd15.safetensors", snapshot.Find(reference).Entry?.Id);

        var twin = snapshot.Find("twin");
        Assert.Equal(ModelLookupStatus.Ambiguous, twin.Status);
        Assert.Contains("checkpoints--twin.safetensors", twin.Message);
        Assert.Equal(ModelLookupStatus.Found, snapshot.Find("twin.gguf").Status);

        var missing = snapshot.Find("nope");
        Assert.Equal(ModelLookupStatus.NotFound, missing.Status);
        Assert.Contains("model 'nope' is not in the catalog", missing.Message);
        Assert.Contains("checkpoints--sd15.safetensors", missing.Message);
    }

    [Fact]
    public void A_field_of_one_kind_picks_the_file_of_that_kind_among_namesakes()
    {
        ModelFiles.Safetensors(At("loras/detail.safetensors"), LoraSd1Kohya());
        ModelFiles.Safetensors(At("esrgan/detail.safetensors"), Esrgan());
        var snapshot = Catalog().ScanNow();

        Assert.Equal(ModelLookupStatus.Ambiguous, snapshot.Find("detail").Status);
        Assert.Equal("esrgan--detail.safetensors", snapshot.Find("detail", e => e.Type.HasFlag(ModelType.Esrgan)).Entry?.Id);
        Assert.Equal("loras--detail.safetensors", snapshot.Find("detail", e => e.Type.HasFlag(ModelType.Lora)).Entry?.Id);
        // Namesakes of the same kind stay ambiguous: the caller must say which.
        Assert.Equal(ModelLookupStatus.Ambiguous, snapshot.Find("detail", _ => true).Status);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("checkpoints/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2e%2e")]
    [InlineData("checkpoints\\..\\x")]
    [InlineData("C:\\models\\x")]
    [InlineData("~/.ssh/id_rsa")]
    [InlineData("./sd15")]
    [InlineData("a//b")]
    [InlineData("sd15\0")]
    [InlineData("")]
    public void References_that_try_to_leave_the_models_directory_are_invalid(string reference)
    {
        ModelFiles.Safetensors(At("checkpoints/sd15.safetensors"), Sd1());
        var lookup = Catalog().ScanNow().Find(reference);
        Assert.Equal(ModelLookupStatus.Invalid, lookup.Status);
        Assert.Null(lookup.Entry);
    }

    // ---- the resolver and submit-time selection --------------------------------------------------------------

    /// <summary>The default-model setting over a data directory of this test's own, so no saved switch leaks in.</summary>
    private DefaultModelSetting Default(ModelCatalog catalog, IOptions<SupervisorOptions> options, EngineKind kind)
    {
        options.Value.DataDir = At("data");
        Directory.CreateDirectory(options.Value.DataDir);
        return new DefaultModelSetting(catalog, options, () => kind, Microsoft.Extensions.Logging.Abstractions.NullLogger<DefaultModelSetting>.Instance);
    }

    [Fact]
    public async Task Default_model_passes_through_by_name_on_the_synthetic_engine_only()
    {
        var catalog = Catalog();
        catalog.ScanNow();
        var options = Options.Create(new SupervisorOptions { DefaultModel = "default" });

        var synthetic = new CatalogModelResolver(catalog, new LoadedModelRegistry(), Default(catalog, options, EngineKind.Synthetic));
        var resolved = await synthetic.ResolveAsync(null, CancellationToken.None);
        Assert.Equal("default", resolved.Spec?.ModelId);
        Assert.Null(resolved.Spec!.ModelPath);
        Assert.NotNull((await synthetic.ResolveAsync("other", CancellationToken.None)).Error);

        var native = new CatalogModelResolver(catalog, new LoadedModelRegistry(), Default(catalog, options, EngineKind.Native));
        var refused = await native.ResolveAsync(null, CancellationToken.None);
        Assert.Null(refused.Spec);
        Assert.Contains("model 'default' is not in the catalog", refused.Error);
    }

    [Fact]
    public async Task Resolving_a_catalog_model_records_its_companions_for_status()
    {
        ModelFiles.Safetensors(At("diffusion_models/chroma.safetensors"), Chroma(radiance: false));
        ModelFiles.Safetensors(At("vae/ae.safetensors"), KlVae("", 16, quantConv: false));
        ModelFiles.Safetensors(At("text_encoders/t5xxl_fp16.safetensors"), T5(32128, false));
        var catalog = Catalog();
        catalog.ScanNow();
        var registry = new LoadedModelRegistry();
        var resolver = new CatalogModelResolver(catalog, registry, Default(catalog, Options.Create(new SupervisorOptions()), EngineKind.Native));

        var resolved = await resolver.ResolveAsync("chroma", CancellationToken.None);

        Assert.Equal("diffusion_models--chroma.safetensors", resolved.Spec?.ModelId);
        Assert.Null(resolved.Spec!.ClipLPath);
        Assert.Equal(new Dictionary<string, string>
        {
            ["diffusion_model_path"] = "diffusion_models/chroma.safetensors",
            ["t5xxl"] = "text_encoders/t5xxl_fp16.safetensors",
            ["vae"] = "vae/ae.safetensors",
        }, registry.Companions(resolved.Spec.ModelId));
    }

    [Fact]
    public async Task Submit_time_selection_canonicalises_known_models_and_refuses_the_rest()
    {
        ModelFiles.Safetensors(At("checkpoints/sd15.safetensors"), Sd1());
        ModelFiles.Safetensors(At("vae/ae.safetensors"), KlVae("", 16, quantConv: false));
        var catalog = Catalog();
        catalog.ScanNow();
        var options = Options.Create(new SupervisorOptions());
        var selection = new ModelSelection(catalog, Default(catalog, options, EngineKind.Synthetic));

        Assert.Equal("checkpoints--sd15.safetensors", (await selection.ForJobAsync("sd15", default)).ModelId);
        var defaulted = await selection.ForJobAsync(null, default);
        Assert.True(defaulted.Accepted);
        Assert.Null(defaulted.ModelId);

        var unknown = await selection.ForJobAsync("sdxl-turbo", default);
        Assert.False(unknown.Accepted);
        Assert.Contains("'sdxl-turbo'", unknown.Error);
        Assert.Contains("checkpoints--sd15.safetensors", unknown.Error);

        var vae = await selection.ForJobAsync("ae", default);
        Assert.Contains("not a model that generates images", vae.Error);
        Assert.Contains("'..'", (await selection.ForJobAsync("../sd15", default)).Error);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
