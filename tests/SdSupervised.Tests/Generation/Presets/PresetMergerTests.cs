using System.Text.Json.Nodes;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Tests.Generation.Presets;

/// <summary>"Present in the body wins": the merge rule, field by field.</summary>
public sealed class PresetMergerTests
{
    private static JsonObject O(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Preset_fills_in_the_fields_the_body_does_not_have()
    {
        var merged = PresetMerger.Merge(O("""{"prompt":"a cat"}"""), O("""{"steps":30,"cfg_scale":5}"""));

        Assert.Equal(("a cat", 30, 5.0), (merged["prompt"]!.GetValue<string>(), merged["steps"]!.GetValue<int>(), merged["cfg_scale"]!.GetValue<double>()));
    }

    [Theory]
    [InlineData("""{"steps":20}""", "20")]       // the request type's default, sent explicitly
    [InlineData("""{"steps":null}""", "null")]   // null is a value too
    [InlineData("""{"Steps":7}""", "7")]         // the binder matches names case-insensitively, so must the merge
    public void A_field_present_in_the_body_wins_whatever_its_value(string body, string expected)
    {
        var merged = PresetMerger.Merge(O(body), O("""{"steps":30}"""));

        Assert.Single(merged, p => string.Equals(p.Key, "steps", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(expected, merged.First(p => string.Equals(p.Key, "steps", StringComparison.OrdinalIgnoreCase)).Value?.ToJsonString() ?? "null");
    }

    [Fact]
    public void An_object_field_in_the_body_replaces_the_preset_object_whole()
    {
        var merged = PresetMerger.Merge(O("""{"hires":{"steps":10}}"""), O("""{"hires":{"scale":2,"steps":30}}"""));

        Assert.Equal("""{"steps":10}""", merged["hires"]!.ToJsonString());
    }
}
