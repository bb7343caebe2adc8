using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Models;
using static SdSupervised.Tests.Models.ArchitectureFixtures;

namespace SdSupervised.Tests.Models;

public sealed class ConvertPlannerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sds-convert-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _models;

    public ConvertPlannerTests()
    {
        _models = Path.Combine(_root, "models");
        ModelFiles.Safetensors(At("checkpoints/sd15.safetensors"), Sd1());
        ModelFiles.Safetensors(At("vae/sdxl_vae.safetensors"), KlVae("", 4));
        ModelFiles.Safetensors(At("text_encoders/clip_l.safetensors"), ClipText(768, 12));
        Directory.CreateDirectory(Path.Combine(_root, "outside"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private string At(string relative) => Path.Combine(_models, relative);

    private CatalogSnapshot Scan()
    {
        var options = Options.Create(new ModelsOptions());
        return new ModelCatalog(
            Options.Create(new SupervisorOptions { ModelsDir = _models, DataDir = Path.Combine(_root, "data") }),
            options,
            new ModelScanner(options, TimeProvider.System, NullLogger<ModelScanner>.Instance),
            NullLogger<ModelCatalog>.Instance).ScanNow();
    }

    [Theory]
    [InlineData("checkpoints/sd15.safetensors", "q8_0", "checkpoints/sd15.q8_0.gguf")]
    [InlineData("diffusion_models/flux/flux1-dev.sft", "q4_k", "diffusion_models/flux/flux1-dev.q4_k.gguf")]
    [InlineData("model.v2.ckpt", "f16", "model.v2.f16.gguf")]
    [InlineData("unet/wan.q8_0.gguf", "q4_0", "unet/wan.q8_0.q4_0.gguf")]
    public void The_default_output_is_beside_the_input_named_by_type(string input, string type, string expected) =>
        Assert.Equal(expected, ConvertPlanner.DefaultOutputName(input, type));

    [Fact]
    public void A_valid_request_becomes_parameters_with_relative_paths_and_a_lower_case_type()
    {
        var plan = ConvertPlanner.Plan(Scan(), "sd15", " Q8_0 ", null, "sdxl_vae");

        Assert.Equal(ConvertPlanStatus.Accepted, plan.Status);
        var p = plan.Parameters!;
        Assert.Equal("checkpoints/sd15.safetensors", p.Input);
        Assert.Equal("q8_0", p.OutputType);
        Assert.Equal("checkpoints/sd15.q8_0.gguf", p.Output);
        Assert.Equal("vae/sdxl_vae.safetensors", p.Vae);
        Assert.False(string.IsNullOrEmpty(p.ModelId));
    }

    [Fact]
    public void An_output_name_in_a_new_folder_inside_the_models_directory_is_accepted()
    {
        var plan = ConvertPlanner.Plan(Scan(), "sd15", "q4_k", "quantized/sd15-small.gguf", null);

        Assert.Equal(ConvertPlanStatus.Accepted, plan.Status);
        Assert.Equal("quantized/sd15-small.gguf", plan.Parameters!.Output);
    }

    public static TheoryData<string?, string?, string?, string?, string> Refusals => new()
    {
        { "sd15", "q9_9", null, null, "output_type" },
        { "sd15", "", null, null, "output_type" },
        { "sd15", "q4_K_X", null, null, "output_type" },
        { "no-such-model", "q8_0", null, null, "model_id" },
        { "../outside/x", "q8_0", null, null, "model_id" },
        { "sd15", "q8_0", "../outside/x.gguf", null, "output_name" },
        { "sd15", "q8_0", "checkpoints/../../outside/x.gguf", null, "output_name" },
        { "sd15", "q8_0", "/tmp/x.gguf", null, "output_name" },
        { "sd15", "q8_0", "checkpoints%2F..%2Fx.gguf", null, "output_name" },
        { "sd15", "q8_0", "checkpoints\\x.gguf", null, "output_name" },
        { "sd15", "q8_0", "checkpoints/x.safetensors", null, "output_name" },
        { "sd15", "q8_0", ".gguf", null, "output_name" },
        { "sd15", "q8_0", "checkpoints/sd15.safetensors/x.gguf", null, "output_name" },
        { "sd15", "q8_0", null, "clip_l", "vae" },
        { "sd15", "q8_0", null, "missing-vae", "vae" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Bad_requests_are_refused_naming_the_field(string? model, string? type, string? output, string? vae, string field)
    {
        var plan = ConvertPlanner.Plan(Scan(), model, type, output, vae);

        Assert.Equal(ConvertPlanStatus.Invalid, plan.Status);
        Assert.Equal(field, plan.Field);
        Assert.False(string.IsNullOrWhiteSpace(plan.Message));
    }

    [Fact]
    public void A_symlinked_folder_that_leads_outside_is_refused()
    {
        Directory.CreateSymbolicLink(At("escape"), Path.Combine(_root, "outside"));

        var plan = ConvertPlanner.Plan(Scan(), "sd15", "q8_0", "escape/x.gguf", null);

        Assert.Equal(ConvertPlanStatus.Invalid, plan.Status);
        Assert.Contains("outside the models directory", plan.Message);
        Assert.False(File.Exists(Path.Combine(_root, "outside", "x.gguf")));
    }

    [Fact]
    public void An_existing_output_file_or_link_is_a_conflict()
    {
        File.WriteAllText(At("checkpoints/sd15.q8_0.gguf"), "x");
        File.CreateSymbolicLink(At("checkpoints/dangling.gguf"), Path.Combine(_root, "nowhere.gguf"));
        var snapshot = Scan();

        Assert.Equal(ConvertPlanStatus.Conflict, ConvertPlanner.Plan(snapshot, "sd15", "q8_0", null, null).Status);
        Assert.Equal(ConvertPlanStatus.Conflict, ConvertPlanner.Plan(snapshot, "sd15", "q8_0", "checkpoints/dangling.gguf", null).Status);
    }

    [Fact]
    public void Every_listed_type_is_lower_case_and_accepted()
    {
        var snapshot = Scan();
        Assert.All(ConvertTypes.Names, t =>
        {
            Assert.Equal(t.ToLowerInvariant(), t);
            Assert.Equal(ConvertPlanStatus.Accepted, ConvertPlanner.Plan(snapshot, "sd15", t, null, null).Status);
        });
    }
}
