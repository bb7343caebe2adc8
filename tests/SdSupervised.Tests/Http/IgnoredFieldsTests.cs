using System.Text.Json;
using System.Text.Json.Nodes;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Tests.Http;

/// <summary>Extras in a body are accepted but named: top level, in nested objects and in lists of objects.</summary>
public sealed class IgnoredFieldsTests
{
    private static readonly JsonSerializerOptions Seed = ReadOnly(ApiJson.ForRequests(ApiJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web))));

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static IReadOnlyList<string> SeedIgnored(string json) =>
        IgnoredFields.Find(JsonDocument.Parse(json).RootElement, Seed.GetTypeInfo(typeof(Text2ImgRequest)));

    [Fact]
    public void A_seed_body_names_its_unknown_fields_with_paths_and_nothing_else()
    {
        var ignored = SeedIgnored("""
            {"prompt": "a cat", "stpes": 20, "mode": "txt2img", "steps": 4,
             "loras": [{"name": "a", "weight": 0.5}, {"name": "b", "wieght": 1}],
             "hires": {"enabled": true, "scal": 2}, "bach_size": null}
            """);
        Assert.Equal(["stpes", "mode", "loras[1].wieght", "hires.scal", "bach_size"], ignored);
    }

    [Fact]
    public void Known_fields_in_any_case_and_a_body_of_known_fields_report_nothing()
    {
        Assert.Empty(SeedIgnored("""{"Prompt": "x", "CFG_SCALE": 7, "negative_prompt": "y", "loras": null, "hires": null}"""));
        Assert.Empty(SeedIgnored("[]"));
    }

    [Fact]
    public void An_a1111_body_reports_what_the_request_type_does_not_read()
    {
        var (body, failure) = A1111JsonBody.Parse<A1111GenerationRequest>(JsonNode.Parse("""{"prompt": "x", "steps": 2, "definitely_not_a1111": 1, "stepz": 3}"""));
        Assert.Null(failure);
        Assert.Equal(["definitely_not_a1111", "stepz"], body!.Ignored);
    }

    [Fact]
    public void OpenAI_fields_never_read_are_the_ignored_ones()
    {
        var fields = new OpenAIJsonFields(JsonDocument.Parse("""{"prompt": "x", "quality": "hd", "sizee": "512x512", "n": 1}""").RootElement);
        var read = OpenAIImageRequestReader.Read(fields, new SdSupervised.Supervisor.Configuration.LimitsOptions());
        Assert.Null(read.Failure);
        Assert.Equal(["quality", "sizee"], fields.Unread());
    }
}
