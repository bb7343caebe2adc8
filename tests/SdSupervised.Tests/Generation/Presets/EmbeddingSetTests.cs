using SdSupervised.Contracts;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;

namespace SdSupervised.Tests.Generation.Presets;

/// <summary>The embeddings of a load: all of the model's family, by name, and an identity that changes only with the set.</summary>
public sealed class EmbeddingSetTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ModelEntry Entry(string path, ModelArchitecture architecture, ModelFamily? family, long size = 100) => new()
    {
        Id = path, Name = Path.GetFileNameWithoutExtension(path), RelativePath = path, FullPath = "/m/" + path, Size = size, ModifiedAt = Time,
        Detection = new ModelDetection { Architecture = architecture, BaseFamily = family, Reason = "test" },
    };

    private static readonly ModelEntry Sd1 = Entry("checkpoints/sd15.safetensors", ModelArchitecture.Sd1, null);
    private static readonly ModelEntry Hands = Entry("embeddings/bad_hands.safetensors", ModelArchitecture.Embedding, ModelFamily.Sd1);
    private static readonly ModelEntry Xl = Entry("embeddings/negativeXL.safetensors", ModelArchitecture.Embedding, ModelFamily.Sdxl);
    private static readonly ModelLoadSpec Spec = new() { ModelId = "checkpoints/sd15.safetensors" };

    [Fact]
    public void No_embeddings_leave_the_spec_and_its_identity_alone() =>
        Assert.Same(Spec, EmbeddingSet.With(Spec, Sd1, [Sd1]));

    [Fact]
    public void The_model_family_embeddings_go_with_the_load_by_file_name()
    {
        var spec = EmbeddingSet.With(Spec, Sd1, [Sd1, Hands, Xl]);

        Assert.Equal([("bad_hands", "/m/embeddings/bad_hands.safetensors")], spec.Embeddings.Select(e => (e.Name, e.Path)));
        Assert.StartsWith(Spec.ModelId + "+emb:", spec.ModelId);
    }

    [Fact]
    public void The_identity_changes_with_the_set_and_only_with_it()
    {
        var once = EmbeddingSet.With(Spec, Sd1, [Sd1, Hands]).ModelId;
        var again = EmbeddingSet.With(Spec, Sd1, [Hands, Sd1]).ModelId;
        var added = EmbeddingSet.With(Spec, Sd1, [Sd1, Hands, Entry("embeddings/easy.pt", ModelArchitecture.Embedding, ModelFamily.Sd1)]).ModelId;
        var changed = EmbeddingSet.With(Spec, Sd1, [Sd1, Entry("embeddings/bad_hands.safetensors", ModelArchitecture.Embedding, ModelFamily.Sd1, size: 200)]).ModelId;

        Assert.Equal(once, again);
        Assert.NotEqual(once, added);
        Assert.NotEqual(once, changed);
    }

    [Fact]
    public void A_model_the_catalog_does_not_know_takes_every_embedding() =>
        Assert.Equal(["bad_hands", "negativeXL"], EmbeddingSet.With(new ModelLoadSpec { ModelId = "synthetic" }, null, [Hands, Xl]).Embeddings.Select(e => e.Name));
}
