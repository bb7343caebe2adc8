using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// The document is a contract: every operation in the live <c>/openapi.json</c> gets real requests (a valid one, and for
/// a POST an invalid one) against a real supervisor with the synthetic engine, and each answer's status must be one the
/// operation documents, its content type one documented for that status, and its JSON body valid against that
/// status's schema (JsonSchema.Net, draft 2020-12, which OpenAPI 3.1 schemas are).
/// </summary>
public sealed class OpenApiContractTests(SharedSupervisor shared, ITestOutputHelper output) : IClassFixture<SharedSupervisor>
{
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(30);

    private SupervisorProcess Sup => shared.Supervisor;

    [Fact]
    public async Task Every_documented_operation_answers_real_requests_as_the_document_says()
    {
        var document = (await Sup.Api.GetAsync("/openapi.json")).Json ?? throw Sup.Fail("no /openapi.json");
        var clock = Stopwatch.StartNew();
        var (operations, requests, problems) = await CheckAsync(document, _ => true);
        output.WriteLine($"{requests} requests to {operations} operations in {clock.Elapsed.TotalSeconds:F1} s");
        Sup.Expect(operations >= 100, $"only {operations} operations in the document");
        Sup.Expect(problems.Count == 0, $"{problems.Count} answers differ from the document:\n" + string.Join("\n", problems.Take(40)));
    }

    /// <summary>The check can fail: a document that leaves out a status the route answers, or requires a field the body lacks, is caught.</summary>
    [Fact]
    public async Task A_document_that_differs_from_the_answers_fails_the_check()
    {
        var document = (await Sup.Api.GetAsync("/openapi.json")).Json ?? throw Sup.Fail("no /openapi.json");
        var submit = document.Obj("paths").Obj("/api/generate/text2img").Obj("post").Obj("responses")!;
        submit.Remove("202");
        var health = document.Obj("paths").Obj("/api/health").Obj("get").Obj("responses").Obj("200").Obj("content").Obj("application/json")!;
        health["schema"] = JsonNode.Parse("""{"type": "object", "required": ["no_such_field"]}""");

        var (_, _, problems) = await CheckAsync(document, path => path is "/api/generate/text2img" or "/api/health");
        Sup.Expect(problems.Count(p => p.StartsWith("POST /api/generate/text2img (valid): answered 202", StringComparison.Ordinal)) == 1
                   && problems.Count(p => p.StartsWith("GET /api/health", StringComparison.Ordinal) && p.Contains("no_such_field", StringComparison.Ordinal)) == 1,
            "the check should report the undocumented 202 and the missing field:\n" + string.Join("\n", problems));
    }

    private async Task<(int Operations, int Requests, List<string> Problems)> CheckAsync(JsonNode document, Func<string, bool> include)
    {
        var contract = new OpenApiContract(document);
        var workers = (await Sup.Api.GetAsync("/api/workers")).Json;
        var samples = new ContractSamples(shared.CompletedJobId, shared.CompletedFilename, workers.Arr("workers")?[0].Str("id") ?? "w0");

        // Operations that end or restart what others use run last.
        var operations = contract.Operations().Where(o => include(o.Path)).OrderBy(o => ContractSamples.RunsLast(o.Method, o.Path) ? 1 : 0).ToList();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Sup.BaseAddress, Timeout = PerRequest };
        var problems = new List<string>();
        var requests = 0;
        foreach (var (method, path, operation) in operations)
        {
            foreach (var request in samples.For(method, path, operation))
            {
                requests++;
                var problem = await CheckAsync(http, contract, operation, request);
                if (problem is not null) problems.Add($"{method} {path} ({request.Label}): {problem}");
            }
        }
        return (operations.Count, requests, problems);
    }

    private static async Task<string?> CheckAsync(HttpClient http, OpenApiContract contract, JsonObject operation, ContractRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Target) { Content = request.Content };
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var documented = contract.Response(operation, status);
        if (documented is null)
            return $"answered {status}, which the operation does not document ({string.Join(", ", contract.Statuses(operation))}): {await ShortBodyAsync(response)}";
        var content = documented.Obj("content");
        if (content is null || content.Count == 0)
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            return body.Length == 0 ? null : $"{status} documents no body but got {body.Length} bytes of '{mediaType}'";
        }
        if (mediaType is null || !content.ContainsKey(mediaType))
            return $"{status} with content type '{mediaType}', documented: {string.Join(", ", content.Select(c => c.Key))}";
        // An event stream does not end; its status and content type are the answer.
        if (mediaType == "text/event-stream") return null;
        if (!mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return bytes.Length > 0 ? null : $"{status} '{mediaType}' with an empty body";
        }
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"{status} '{mediaType}' is not JSON ({e.Message}): {Shorten(text)}";
        }
        var error = contract.Validate(content.Obj(mediaType).Obj("schema"), json);
        return error is null ? null : $"{status} body does not match its schema: {error}\n      body: {Shorten(text)}";
    }

    private static async Task<string> ShortBodyAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(event stream)" : Shorten(await response.Content.ReadAsStringAsync());

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}

/// <summary>One request the contract test sends.</summary>
public sealed record ContractRequest(string Label, HttpMethod Method, string Target, HttpContent? Content);

/// <summary>
/// A request for each operation: path parameters filled with things that exist (the fixture's completed job and its
/// file, the first worker), the query left to its defaults, and a body that the endpoint takes; for a POST also an
/// invalid body. A new operation needs nothing here to be checked; a body here makes its check reach further.
/// </summary>
public sealed class ContractSamples(string jobId, string filename, string workerId)
{
    private static readonly string Png = Convert.ToBase64String(Generate.TestImages.Gradient(64, 64));
    private static readonly string Mask = Convert.ToBase64String(Generate.TestImages.Gradient(64, 64));

    private static readonly Dictionary<string, string> Bodies = new(StringComparer.Ordinal)
    {
        ["/api/generate/text2img"] = """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64}""",
        ["/api/generate/img2img"] = $$"""{"prompt": "a cat", "steps": 2, "init_image": "{{Png}}"}""",
        ["/api/generate/inpainting"] = $$"""{"prompt": "a cat", "steps": 2, "init_image": "{{Png}}", "mask_image": "{{Mask}}"}""",
        ["/api/generate/upscale"] = $$"""{"image": "{{Png}}"}""",
        ["/api/v1/generate"] = """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64, "timeout": 30}""",
        ["/api/estimate"] = """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64}""",
        ["/api/validate"] = """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64}""",
        ["/api/image/crop"] = $$"""{"image": "{{Png}}", "x": 0, "y": 0, "width": 32, "height": 32}""",
        ["/api/image/resize"] = $$"""{"image": "{{Png}}", "width": 32, "height": 32}""",
        ["/api/auth/login"] = """{"username": "nobody", "password": "wrong"}""",
        ["/api/v1/auth/login"] = """{"username": "nobody", "password": "wrong"}""",
        ["/sdapi/v1/txt2img"] = """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64}""",
        ["/sdapi/v1/img2img"] = $$"""{"prompt": "a cat", "steps": 2, "width": 64, "height": 64, "init_images": ["{{Png}}"]}""",
        ["/sdapi/v1/extra-single-image"] = $$"""{"image": "{{Png}}"}""",
        ["/sdapi/v1/png-info"] = $$"""{"image": "{{Png}}"}""",
        ["/sdapi/v1/options"] = "{}",
        ["/v1/images/generations"] = """{"prompt": "a cat", "size": "256x256", "steps": 2}""",
    };

    public static bool RunsLast(string method, string path) =>
        method is "DELETE" || path is "/api/system/restart" or "/api/queue/clear" or "/api/workers/{id}/restart" or "/api/workers/{id}/drain"
            or "/api/auth/logout" or "/api/v1/auth/logout";

    public IEnumerable<ContractRequest> For(string method, string path, JsonObject operation)
    {
        var target = Fill(path);
        var httpMethod = new HttpMethod(method);
        var body = operation.Obj("requestBody").Obj("content");
        if (body is null)
        {
            yield return new ContractRequest("valid", httpMethod, target, null);
            yield break;
        }
        if (body.ContainsKey("multipart/form-data"))
        {
            yield return new ContractRequest("valid form", httpMethod, target, EditForm());
            yield return new ContractRequest("JSON instead of a form", httpMethod, target, Json("""{"prompt": "a cat"}"""));
            yield break;
        }
        yield return new ContractRequest("valid", httpMethod, target, Json(Bodies.GetValueOrDefault(path, "{}")));
        yield return new ContractRequest("malformed JSON", httpMethod, target, Json("""{"prompt": """));
    }

    private string Fill(string path) => path
        .Replace("{jobId}", jobId, StringComparison.Ordinal)
        .Replace("{filename}", filename, StringComparison.Ordinal)
        .Replace("/workers/{id}", "/workers/" + workerId, StringComparison.Ordinal)
        .Replace("/v1/models/{id}", "/v1/models/dall-e-3", StringComparison.Ordinal)
        .Replace("/ui/{path}", "/ui/index.html", StringComparison.Ordinal)
        .Replace("/v1/{path}", "/v1/chat/completions", StringComparison.Ordinal)
        .Replace("{modelId}", "no-such-model", StringComparison.Ordinal)
        .Replace("{name}", "nobody", StringComparison.Ordinal)
        .Replace("{id}", "no-such-id", StringComparison.Ordinal);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static MultipartFormDataContent EditForm()
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("a cat"), "prompt" },
            { new StringContent("256x256"), "size" },
            { new StringContent("2"), "steps" },
        };
        var image = new ByteArrayContent(OpenAI.TestImages.OpaquePng(256, 256));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "image", "in.png");
        return form;
    }
}
