using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Tests.Generation.Presets;

/// <summary>Preset files: JSON and YAML read to the same fields, and every broken shape a clear error instead of an exception.</summary>
public sealed class PresetFileReaderTests
{
    [Fact]
    public void Yaml_plain_scalars_take_their_types_and_quoted_ones_stay_text()
    {
        var doc = PresetFileReader.Parse("steps: 30\ncfg_scale: 4.5\nvae_tiling: true\nscheduler: ~\nseed: \"42\"\nprompt: a red fox\nloras:\n  - name: pixel\n    weight: 0.5\n", yaml: true);

        Assert.Null(doc.Error);
        Assert.Equal("""{"steps":30,"cfg_scale":4.5,"vae_tiling":true,"scheduler":null,"seed":"42","prompt":"a red fox","loras":[{"name":"pixel","weight":0.5}]}""",
            doc.Fields!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"description":"Tall","width":512}""", false)]
    [InlineData("description: Tall\nwidth: 512\n", true)]
    public void Description_is_about_the_preset_not_a_request_field(string text, bool yaml)
    {
        var doc = PresetFileReader.Parse(text, yaml);

        Assert.Equal(("Tall", """{"width":512}"""), (doc.Description, doc.Fields!.ToJsonString()));
    }

    [Fact]
    public void Json_presets_may_have_comments_and_trailing_commas()
    {
        var doc = PresetFileReader.Parse("// portrait\n{ \"height\": 768, }", yaml: false);

        Assert.Equal("""{"height":768}""", doc.Fields!.ToJsonString());
    }

    [Theory]
    [InlineData("{ \"steps\": ", false, "not valid JSON")]
    [InlineData("steps: [1, 2\n", true, "not valid YAML")]
    [InlineData("[1, 2]", false, "one object of request fields")]
    [InlineData("- steps: 1\n", true, "one object of request fields")]
    [InlineData("", true, "holds nothing")]
    [InlineData("""{"preset":"other"}""", false, "cannot name another preset")]
    [InlineData("""{"description":5}""", false, "description must be text")]
    [InlineData("steps: 1\nsteps: 2\n", true, "not valid YAML (line 2")]
    [InlineData("""{"steps":1,"steps":2}""", false, "the key 'steps' appears twice")]
    public void A_file_that_is_not_a_preset_is_an_error_saying_why(string text, bool yaml, string says)
    {
        var doc = PresetFileReader.Parse(text, yaml);

        Assert.Null(doc.Fields);
        Assert.Contains(says, doc.Error);
    }
}
