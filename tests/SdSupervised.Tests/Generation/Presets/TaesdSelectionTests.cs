using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Tests.Generation.Presets;

/// <summary><c>taesd: true</c>: the TAESD of the model's family, or a refusal saying what there is.</summary>
public sealed class TaesdSelectionTests
{
    private static ModelEntry Entry(string path, ModelArchitecture architecture, ModelFamily family, ModelType type) => new()
    {
        Id = path, Name = Path.GetFileNameWithoutExtension(path), RelativePath = path, FullPath = "/m/" + path, Type = type,
        Detection = new ModelDetection { Architecture = architecture, BaseFamily = family, Reason = "test" },
    };

    private static readonly ModelEntry Sd1 = Entry("checkpoints/sd15.safetensors", ModelArchitecture.Sd1, ModelFamily.Sd1, ModelType.Checkpoint);
    private static readonly ModelEntry TaesdSd1 = Entry("taesd/taesd.safetensors", ModelArchitecture.Taesd, ModelFamily.Sd1, ModelType.Taesd);
    private static readonly ModelEntry TaesdXl = Entry("taesd/taesdxl.safetensors", ModelArchitecture.Taesd, ModelFamily.Sdxl, ModelType.Taesd);

    [Fact]
    public void True_picks_the_taesd_of_the_model_family() =>
        Assert.Equal((TaesdSd1.Id, (string?)null), TaesdSelection.Pick(Sd1, [TaesdXl, TaesdSd1, Sd1]));

    [Fact]
    public void True_without_a_fitting_taesd_says_what_there_is()
    {
        var (id, error) = TaesdSelection.Pick(Sd1, [TaesdXl, Sd1]);

        Assert.Null(id);
        Assert.Contains("taesd/taesdxl.safetensors", error);
    }

    [Fact]
    public void A_model_the_catalog_does_not_know_takes_the_first_taesd() =>
        Assert.Equal(TaesdSd1.Id, TaesdSelection.Pick(null, [TaesdXl, TaesdSd1]).Id);

    [Fact]
    public void No_taesd_at_all_is_a_refusal_naming_the_folder() =>
        Assert.Contains("taesd/ folder", TaesdSelection.Pick(null, [Sd1]).Error);
}
