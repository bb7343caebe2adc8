using System.Text.Json;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Api.Models;

namespace SdSupervised.Tests.Api;

public sealed class JsonErrorTextTests
{
    private sealed class Probe
    {
        public int Steps { get; set; }
        public long Seed { get; set; }
        public float Cfg { get; set; }
        public bool? Flag { get; set; }
        public HiresRequest? Hires { get; set; }
        public List<LoraRequest>? Loras { get; set; }
        public Dictionary<string, int>? Map { get; set; }
        public DayOfWeek Day { get; set; }
    }

    public static TheoryData<string, string> Bodies => new()
    {
        { """{"steps":"x"}""", "an integer between -2147483648 and 2147483647" },
        { """{"steps":99999999999}""", "an integer between -2147483648 and 2147483647" },
        { """{"seed":1e30}""", "an integer between -9223372036854775808" },
        { """{"flag":3}""", "true or false" },
        { """{"hires":5}""", "an object" },
        { """{"loras":{}}""", "an array" },
        { """{"map":[]}""", "an object" },
        { """{"day":"someday"}""", "one of the allowed values" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Serializer_errors_name_the_json_expected_and_no_dotnet_type(string body, string expected)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Probe>(body, ApiJson.ForRequests(ApiJson.Options)));
        var message = JsonErrorText.Describe(error);
        Assert.Contains(expected, message);
        AssertNoTypeNames(message);
    }

    [Theory]
    [InlineData("The JSON value could not be converted to System.Collections.Generic.List`1[SdSupervised.Supervisor.Api.Generate.LoraRequest]. Path: $.loras", "an array")]
    [InlineData("The JSON value could not be converted to System.Nullable`1[System.Boolean].", "true or false")]
    [InlineData("The JSON value could not be converted to System.Collections.Generic.Dictionary`2[System.String,System.Text.Json.JsonElement].", "an object")]
    [InlineData("Either the JSON value is not in a supported format, or is out of bounds for an Int32.", "expected an integer between")]
    [InlineData("The JSON value could not be converted to SdSupervised.Supervisor.Api.Models.BatchOperation[].", "an array")]
    public void Type_names_in_any_serializer_message_are_rewritten(string message, string expected)
    {
        var scrubbed = JsonErrorText.Scrub(message);
        Assert.Contains(expected, scrubbed);
        AssertNoTypeNames(scrubbed);
    }

    [Theory]
    [InlineData("""{"operations":[null]}""", "element 0 is null")]
    [InlineData("""{"operations":[{"action":"load","model_id":"m"},null]}""", "element 1 is null")]
    public void A_null_element_in_a_list_of_objects_is_refused_where_the_body_is_read(string body, string expected)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BatchModelsRequest>(body, ApiJson.ForRequests(ApiJson.Options)));
        Assert.Contains(expected, error.Message);
        Assert.Equal("$.operations", error.Path);
    }

    [Fact]
    public void Lists_without_nulls_read_and_write_as_before()
    {
        var options = ApiJson.ForRequests(ApiJson.Options);
        var request = JsonSerializer.Deserialize<BatchModelsRequest>("""{"operations":[{"action":"load","model_id":"m"}]}""", options)!;
        Assert.Equal("m", Assert.Single(request.Operations!).ModelId);
        Assert.Contains("\"operations\":[{\"action\":\"load\",\"model_id\":\"m\",\"worker_id\":null}]", JsonSerializer.Serialize(request, options));
        Assert.Null(JsonSerializer.Deserialize<BatchModelsRequest>("""{"operations":null}""", options)!.Operations);
    }

    private static void AssertNoTypeNames(string message)
    {
        foreach (var leak in new[] { "System.", "SdSupervised", "Int32", "Int64", "Boolean", "Nullable", "`1" })
            Assert.DoesNotContain(leak, message);
    }
}
