using System.Net;
using System.Text;
using SdSupervised.IntegrationTests.Api.OpenAI;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// The input classes a fuzzer and real clients turned into 500s, each fixed where bodies are read: lone surrogates
/// (a JavaScript client cutting a string inside an emoji), null elements in lists, duplicate keys on A1111 routes,
/// cut or broken multipart uploads, and serializer messages that named .NET types.
/// </summary>
public sealed class MalformedInputTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    // Raw JSON text: "\ud83d" is the six characters of the escape, as the client sent them.
    private const string CutEmoji = @"a cat \ud83d";

    [Fact]
    public async Task A_lone_surrogate_in_a_seed_api_prompt_is_read_as_a_replacement_character()
    {
        var answer = await Sup.Api.PostRawAsync("/api/generate/text2img", $$"""{"prompt":"{{CutEmoji}}","steps":1,"width":64,"height":64}""");
        Sup.Expect(answer.Status == HttpStatusCode.Accepted, $"expected 202:\n{answer}");
        var job = await Sup.Api.GetJobAsync(answer.Json.Str("job_id")!);
        Sup.Expect(job.Params.Str("prompt") == "a cat \uFFFD", "the stored prompt should end in U+FFFD", job);
    }

    [Fact]
    public async Task A_lone_surrogate_on_an_a1111_route_is_read_as_a_replacement_character()
    {
        var answer = await Sup.Api.PostRawAsync("/sdapi/v1/txt2img",
            $$"""{"prompt":"{{CutEmoji}}","steps":1,"width":64,"height":64,"send_images":false}""");
        Sup.Expect(answer.Code == 200 && answer.Json.Obj("parameters").Str("prompt") == "a cat \uFFFD", $"expected 200 echoing U+FFFD:\n{answer}");
    }

    [Fact]
    public async Task A_lone_surrogate_on_an_openai_route_is_read_as_a_replacement_character()
    {
        var answer = await Sup.Api.PostRawAsync("/v1/images/generations", $$"""{"prompt":"{{CutEmoji}}","size":"256x256","response_format":"url"}""");
        Sup.Expect(answer.Code == 200 && answer.Json.Arr("data")?.Count == 1, $"expected 200 with one image:\n{answer}");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_key_is_ignored_as_an_unknown_field()
    {
        var answer = await Sup.Api.PostRawAsync("/sdapi/v1/txt2img", """{"\udfff":1,"prompt":"x","steps":1,"width":64,"height":64,"send_images":false}""");
        Sup.Expect(answer.Code == 200, $"expected 200:\n{answer}");
    }

    [Theory]
    [InlineData("/api/generate/text2img", """{"prompt":"x","loras":[null]}""", "loras")]
    [InlineData("/api/generate/text2img", """{"prompt":"x","loras":[{"name":"a"},null]}""", "loras")]
    [InlineData("/api/models/batch", """{"operations":[null]}""", "operations")]
    public async Task A_null_element_in_a_list_of_objects_is_a_400_naming_the_list(string route, string body, string field)
    {
        var answer = await Sup.Api.PostRawAsync(route, body);
        ErrorBody.Assert4xx(answer, Sup.Context(), 400);
        ErrorBody.AssertNamesField(answer, field, Sup.Context());
    }

    [Fact]
    public async Task A_duplicate_key_on_an_a1111_route_takes_its_last_value_as_fastapi_does()
    {
        var answer = await Sup.Api.PostRawAsync("/sdapi/v1/txt2img",
            """{"prompt":"first","prompt":"last","steps":1,"width":64,"height":64,"send_images":false}""");
        Sup.Expect(answer.Code == 200 && answer.Json.Obj("parameters").Str("prompt") == "last", $"expected 200 with prompt 'last':\n{answer}");
    }

    [Fact]
    public async Task A_duplicate_key_in_a_nested_a1111_object_takes_its_last_value()
    {
        var answer = await Sup.Api.PostRawAsync("/sdapi/v1/txt2img",
            """{"prompt":"x","steps":1,"width":64,"height":64,"send_images":false,"override_settings":{"CLIP_stop_at_last_layers":1,"CLIP_stop_at_last_layers":2}}""");
        Sup.Expect(answer.Code == 200 && answer.Json.Obj("parameters").Obj("override_settings").Long("CLIP_stop_at_last_layers") == 2,
            $"expected 200 echoing the last value:\n{answer}");
    }

    public static TheoryData<string, string> BrokenForms => new()
    {
        { "cut before the closing boundary", "--XX\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhello" },
        { "cut inside a file", "--XX\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhello\r\n--XX\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG" },
        { "no boundary at all", "garbage" },
        { "a broken part header", "--XX\r\nbroken header\r\n\r\nx\r\n--XX--\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public async Task A_broken_multipart_edit_is_an_openai_400(string what, string body)
    {
        var answer = await Sup.Api.PostRawAsync("/v1/images/edits", body, "multipart/form-data; boundary=XX");
        OpenAIErrorBody.Assert(answer, 400, "invalid_request_error", null, $"a form {what}\n{Sup.Context()}");
    }

    public static TheoryData<string, string> WrongTypes => new()
    {
        { "/api/generate/text2img", """{"prompt":"x","steps":"many"}""" },
        { "/api/generate/text2img", """{"prompt":"x","steps":99999999999}""" },
        { "/api/generate/text2img", """{"prompt":"x","hires":5}""" },
        { "/api/generate/text2img", """{"prompt":"x","loras":{}}""" },
        { "/api/generate/text2img", """{"prompt":"x","vae_tiling":3}""" },
        { "/sdapi/v1/txt2img", """{"prompt":"x","steps":"many"}""" },
        { "/sdapi/v1/txt2img", """{"prompt":"x","width":1e400}""" },
        { "/sdapi/v1/txt2img", """{"prompt":"x","override_settings":[]}""" },
        { "/v1/images/generations", """{"prompt":"x","n":"2"}""" },
        { "/v1/images/generations", "{\"prompt\":" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_wrong_type_is_a_4xx_that_names_no_dotnet_type(string route, string body)
    {
        var answer = await Sup.Api.PostRawAsync(route, body);
        Sup.Expect(answer.Code is >= 400 and < 500, $"expected a 4xx:\n{answer}");
        foreach (var leak in new[] { "System.", "SdSupervised.", "Int32", "Int64", "Single", "Boolean", "Nullable`" })
            Sup.Expect(!answer.Text.Contains(leak, StringComparison.Ordinal), $"the error names a .NET type ('{leak}'):\n{answer}");
    }

    [Fact]
    public async Task A_body_cut_in_the_middle_of_an_escape_is_a_400()
    {
        var answer = await Sup.Api.SendAsync(HttpMethod.Post, "/api/generate/text2img", "{\"prompt\":\"\\ud8", "application/json");
        ErrorBody.Assert4xx(answer, Sup.Context(), 400);
        Sup.Expect(Encoding.UTF8.GetString(answer.Body).Contains("malformed_json", StringComparison.Ordinal), $"expected malformed_json:\n{answer}");
    }
}
