using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Supervisor;

/// <summary>Every kind of bad input gets a 4xx with the contract's JSON error body; none gets a 5xx or a file.</summary>
public sealed class BadInputTests(SharedSupervisor shared, ITestOutputHelper output) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    /// <summary>(raw JSON body, field the validation error must name or null when the body cannot name one).</summary>
    public static TheoryData<string, string, string?> BadBodies => new()
    {
        { "malformed JSON", """{"prompt": "a cat", "width": """, null },
        { "not JSON at all", "prompt=a cat", null },
        { "missing prompt", """{"width": 64, "height": 64}""", "prompt" },
        { "empty prompt", """{"prompt": ""}""", "prompt" },
        { "width 100000", """{"prompt": "a cat", "width": 100000}""", "width" },
        { "width 100, not a multiple of 8", """{"prompt": "a cat", "width": 100}""", "width" },
        { "width 56, below 64", """{"prompt": "a cat", "width": 56}""", "width" },
        { "height 2056, above 2048", """{"prompt": "a cat", "height": 2056}""", "height" },
        { "height 65, not a multiple of 8", """{"prompt": "a cat", "height": 65}""", "height" },
        { "steps 0", """{"prompt": "a cat", "steps": 0}""", "steps" },
        { "steps 151", """{"prompt": "a cat", "steps": 151}""", "steps" },
        { "batch_count 17", """{"prompt": "a cat", "batch_count": 17}""", "batch_count" },
        { "batch_count 0", """{"prompt": "a cat", "batch_count": 0}""", "batch_count" },
        { "width of the wrong type", """{"prompt": "a cat", "width": "wide"}""", null },
        { "unknown fault", """{"prompt": "a cat", "fault": "meltdown"}""", null },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_text2img_body_is_rejected_with_400_and_a_json_error(string what, string body, string? field)
    {
        var response = await Sup.Api.PostRawAsync("/api/generate/text2img", body);
        output.WriteLine($"{what}:\n{response}");
        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        if (field is not null) ErrorBody.AssertNamesField(response, field, Sup.Context());
    }

    [Fact]
    public async Task Truncated_json_body_is_called_malformed_json_not_a_field_error()
    {
        var response = await Sup.Api.PostRawAsync("/api/generate/text2img", """{"prompt": "a cat", "width": """);

        ErrorBody.Assert4xx(response, Sup.Context(), 400);
        Assert.True(response.Json?["error"]?.GetValue<string>() == "malformed_json", $"expected error 'malformed_json'\n{response}");
    }

    [Fact]
    public async Task Body_sent_without_a_json_content_type_gets_415_saying_what_to_send()
    {
        var response = await Sup.Api.PostRawAsync("/api/generate/text2img", "prompt=a cat", "application/x-www-form-urlencoded");

        ErrorBody.Assert4xx(response, Sup.Context(), 415);
        Assert.True(response.Json?["error"]?.GetValue<string>() == "unsupported_media_type", $"expected error 'unsupported_media_type'\n{response}");
        Assert.Contains("application/json", response.Json?["message"]?.GetValue<string>() ?? "");
    }

    [Fact]
    public async Task Bad_input_never_enqueues_a_job()
    {
        var before = await Sup.Api.QueueStatusAsync();
        await Sup.Api.PostRawAsync("/api/generate/text2img", """{"prompt": ""}""");
        await Sup.Api.PostRawAsync("/api/generate/text2img", "{");
        var after = await Sup.Api.QueueStatusAsync();
        Sup.Expect(before.Code == 200 && after.Json.Int("queued") == before.Json.Int("queued") && after.Json.Int("running") == before.Json.Int("running"),
            $"rejected requests changed the queue:\nbefore: {before}\nafter: {after}");
    }

    [Fact]
    public async Task Unknown_job_id_gets_404_with_a_json_error()
    {
        var response = await Sup.Api.GetAsync("/api/queue/job/0123456789abcdef0123456789abcdef");
        ErrorBody.Assert4xx(response, Sup.Context(), 404);
        Sup.Expect(response.Json.Str("error") == "not_found", $"error code should be not_found\n{response}");

        var file = await Sup.Api.GetAsync("/api/v1/jobs/0123456789abcdef0123456789abcdef/output/00-1.png");
        ErrorBody.Assert4xx(file, Sup.Context(), 404);
    }

    [Fact]
    public async Task Unknown_output_filename_of_a_real_job_gets_404_with_a_json_error()
    {
        var response = await Sup.Api.GetAsync($"/api/v1/jobs/{shared.CompletedJobId}/output/99-does-not-exist.png");
        ErrorBody.Assert4xx(response, Sup.Context(), 404);
    }

    public static TheoryData<string> TraversalNames => new()
    {
        "../../etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "..%5c..%5cetc%5cpasswd",
        "%2fetc%2fpasswd",
        "..%2f..%2fsds.db",
    };

    [Theory]
    [MemberData(nameof(TraversalNames))]
    public async Task Output_filename_that_tries_to_leave_the_job_folder_gets_400_or_404_with_a_json_error_never_a_file(string name)
    {
        foreach (var prefix in new[] { $"/api/v1/jobs/{shared.CompletedJobId}/output/", $"/api/queue/job/{shared.CompletedJobId}/output/" })
        {
            // Raw socket: HttpClient would normalise "../" away before the server saw it.
            var response = await RawHttp.GetAsync(Sup.Port, prefix + name);
            output.WriteLine(response.ToString());
            Sup.Expect(!response.Text.Contains("root:"), $"served /etc/passwd!\n{response}");
            Sup.Expect(!PngText.IsPng(response.Body) && !response.Text.StartsWith("SQLite format"), $"served a file for a traversal name\n{response}");
            ErrorBody.Assert4xx(response, Sup.Context(), 400, 404);
        }
    }

    [Fact]
    public async Task Cancel_with_a_malformed_body_or_missing_job_id_gets_400()
    {
        var malformed = await Sup.Api.PostRawAsync("/api/queue/cancel", "{\"job_id\": ");
        ErrorBody.Assert4xx(malformed, Sup.Context(), 400);
        var missing = await Sup.Api.PostRawAsync("/api/queue/cancel", "{}");
        ErrorBody.Assert4xx(missing, Sup.Context(), 400, 404);
    }
}
