using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// <c>/openapi.json</c> from the real supervisor describes every route its source declares (found by scanning the
/// source, so endpoints added later are held to it too), in the wire's snake_case, with the one error shape.
/// </summary>
public sealed partial class OpenApiDocumentTests(SharedSupervisor shared, ITestOutputHelper output) : IClassFixture<SharedSupervisor>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private SupervisorProcess Sup => shared.Supervisor;

    [GeneratedRegex(@"<script[^>]*\bsrc\s*=\s*""(?<src>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await Sup.Api.GetAsync("/openapi.json");
        Sup.Expect(response.Code == 200 && response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true,
            $"GET /openapi.json did not answer 200 JSON:\n{response}");
        return response.Json ?? throw Sup.Fail($"/openapi.json is not valid JSON:\n{response}");
    }

    [Fact]
    public async Task Openapi_json_is_an_openapi_3_document()
    {
        var doc = await DocumentAsync();

        Sup.Expect(doc.Str("openapi") is { } version && version.StartsWith("3.", StringComparison.Ordinal), $"'openapi' is not 3.x: {doc.Str("openapi")}");
        Sup.Expect(!string.IsNullOrWhiteSpace(doc.Obj("info").Str("title")), "info.title is missing");
        Sup.Expect(doc.Obj("paths") is { Count: > 0 }, "the document has no paths");
    }

    [Fact]
    public async Task Openapi_json_lists_every_route_declared_in_the_source()
    {
        var scan = EndpointDeclarationScanner.ScanRepository();
        Assert.True(scan.Problems.Count == 0, "route declarations the scanner cannot read:\n" + string.Join("\n", scan.Problems));
        Assert.True(scan.Routes.Count >= 20 && scan.Routes.Any(r => r.Path == "/api/generate/text2img"),
            $"the scan found too little to be a real scan ({scan.Routes.Count} routes):\n{string.Join("\n", scan.Routes)}");

        var doc = await DocumentAsync();
        var documented = Operations(doc).Select(o => EndpointDeclarationScanner.Key(o.Method, o.Path)).ToHashSet(StringComparer.Ordinal);
        var missing = scan.Routes.Where(r => !documented.Contains(EndpointDeclarationScanner.Key(r.Method, r.Path))).ToList();

        output.WriteLine($"{scan.Routes.Count} routes declared in the source:");
        foreach (var route in scan.Routes.OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal))
            output.WriteLine($"  {route.Method,-6} {route.Path}   ({route.Source})");
        Assert.True(missing.Count == 0,
            $"/openapi.json misses {missing.Count} declared route(s):\n{string.Join("\n", missing.Select(m => $"  {m} ({m.Source})"))}\n" +
            $"documented: {string.Join(", ", documented.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public async Task Every_operation_has_an_area_tag_and_declares_its_path_parameters()
    {
        var doc = await DocumentAsync();
        var problems = new List<string>();
        foreach (var (method, path, operation) in Operations(doc))
        {
            var tags = (operation["tags"] as JsonArray)?.Select(t => t?.GetValue<string>()).ToList() ?? [];
            if (tags.Count != 1 || string.IsNullOrWhiteSpace(tags[0]) || tags[0] == "sd-supervised")
                problems.Add($"{method} {path}: tags [{string.Join(", ", tags)}], expected one area tag");
            var declared = (operation["parameters"] as JsonArray ?? []).Where(p => p.Str("in") == "path").Select(p => p.Str("name")).ToHashSet();
            foreach (Match m in Regex.Matches(path, @"\{(?<name>[^}]+)\}"))
                if (!declared.Contains(m.Groups["name"].Value))
                    problems.Add($"{method} {path}: path parameter '{m.Groups["name"].Value}' is not declared");
            if (method == "GET" && operation["requestBody"] is not null)
                problems.Add($"{method} {path}: a GET with a request body");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var tagsInUse = Operations(doc).Select(o => (o.Operation["tags"] as JsonArray)?[0]?.GetValue<string>()).ToHashSet();
        foreach (var area in new[] { "generate", "queue", "models", "workers", "system" })
            Assert.True(tagsInUse.Contains(area), $"no operation is tagged '{area}': {string.Join(", ", tagsInUse)}");
    }

    [Fact]
    public async Task Text2img_operation_has_a_snake_case_request_schema_and_a_202_response_schema()
    {
        var doc = await DocumentAsync();
        var operation = doc.Obj("paths").Obj("/api/generate/text2img").Obj("post")
            ?? throw Sup.Fail("no POST /api/generate/text2img in the document");

        var request = Resolve(doc, operation.Obj("requestBody").Obj("content").Obj("application/json").Obj("schema"));
        var properties = request.Obj("properties") ?? throw Sup.Fail($"text2img request schema has no properties:\n{Json.Show(request)}");
        foreach (var name in new[] { "prompt", "negative_prompt", "cfg_scale", "batch_count", "sampling_method" })
            Assert.True(properties.ContainsKey(name), $"request schema lacks '{name}': {string.Join(", ", properties.Select(p => p.Key))}");
        Assert.DoesNotContain(properties, p => p.Key.Any(char.IsUpper));
        Assert.Equal("integer", TypeOf(properties["width"]));

        var accepted = Resolve(doc, operation.Obj("responses").Obj("202").Obj("content").Obj("application/json").Obj("schema"));
        var acceptedProperties = accepted.Obj("properties") ?? throw Sup.Fail($"the 202 response has no schema properties:\n{Json.Show(operation)}");
        Assert.True(acceptedProperties.ContainsKey("job_id") && acceptedProperties.ContainsKey("status"),
            $"202 schema lacks job_id/status:\n{Json.Show(accepted)}");
        // Enums are written as snake_case strings on the wire.
        var status = Resolve(doc, acceptedProperties["status"]);
        var values = (status["enum"] as JsonArray)?.Select(v => v?.GetValue<string>()).ToList() ?? [];
        Assert.True(values.Contains("queued") && values.All(v => v == v?.ToLowerInvariant()), $"job status enum is not snake_case strings:\n{Json.Show(status)}");
    }

    [Fact]
    public async Task Error_responses_are_documented_with_the_api_error_shape()
    {
        var doc = await DocumentAsync();
        var operation = doc.Obj("paths").Obj("/api/generate/text2img").Obj("post")!;
        foreach (var code in new[] { "400", "413", "415", "500" })
        {
            var schema = Resolve(doc, operation.Obj("responses").Obj(code).Obj("content").Obj("application/json").Obj("schema"));
            var properties = schema.Obj("properties");
            Assert.True(properties is not null && new[] { "status", "error", "message", "errors" }.All(properties.ContainsKey),
                $"{code} of text2img is not the ApiError shape:\n{Json.Show(operation.Obj("responses").Obj(code))}\n{Json.Show(schema)}");
        }
        var getJob = doc.Obj("paths").Obj("/api/queue/job/{jobId}").Obj("get")!;
        Assert.NotNull(getJob.Obj("responses").Obj("404"));
    }

    [Fact]
    public async Task Security_schemes_are_declared_and_each_protected_operation_requires_one()
    {
        var doc = await DocumentAsync();
        var schemes = doc.Obj("components").Obj("securitySchemes");
        Sup.Expect(schemes?["bearer"].Str("scheme") == "bearer" && schemes?["basic"].Str("scheme") == "basic"
                   && schemes?["apiKey"].Str("name") == "X-API-Key", $"bearer, basic and X-API-Key schemes\n{Json.Show(schemes)}");

        var operations = Operations(doc).ToDictionary(o => $"{o.Method.ToUpperInvariant()} {o.Path}", o => o.Operation);
        var submit = operations["POST /api/generate/text2img"]["security"] as JsonArray;
        Sup.Expect(submit is { Count: 3 }, $"a protected operation accepts any of the three\n{Json.Show(submit)}");
        Sup.Expect(operations["GET /api/health"]["security"] is null && operations["POST /api/auth/login"]["security"] is null,
            "public operations require nothing");
        Sup.Expect(operations["POST /api/workers/{id}/restart"].Str("description")?.Contains("admin role", StringComparison.Ordinal) == true,
            "admin operations say so");
    }

    [Fact]
    public async Task Docs_page_loads_its_scripts_from_this_server()
    {
        var page = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/docs/");
        Sup.Expect(page.Status == 200 && page.Header("Content-Type")?.Contains("text/html") == true, $"/docs/ is not an HTML page:\n{page}");

        var scripts = ScriptSource().Matches(page.Body).Select(m => m.Groups["src"].Value).ToList();
        Sup.Expect(scripts.Count > 0, $"the docs page loads no script:\n{page.Body}");
        foreach (var src in scripts)
        {
            var url = new Uri(new Uri(Sup.BaseAddress, "/docs/"), src);
            Sup.Expect(url.Host == Sup.BaseAddress.Host && url.Port == Sup.BaseAddress.Port, $"the docs page loads a script from elsewhere: {src}");
            var script = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, url.PathAndQuery);
            Sup.Expect(script.Status == 200 && script.Body.Length > 100, $"script {url.PathAndQuery} does not load:\n{script.Status} {script.Header("Content-Type")}");
        }
        Sup.Expect(!page.Body.Contains("cdn.jsdelivr.net", StringComparison.OrdinalIgnoreCase), $"the docs page refers to a CDN:\n{page.Body}");
        Sup.Expect(page.Body.Contains("openapi.json", StringComparison.Ordinal), $"the docs page does not point at openapi.json:\n{page.Body}");

        var redirect = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/docs");
        Sup.Expect(redirect.Status is 200 or 301 or 302 or 307 or 308, $"/docs does not lead to the page:\n{redirect}");
    }

    [Fact]
    public async Task Root_links_the_docs_and_the_openapi_document()
    {
        var root = await Sup.Api.GetAsync("/");
        Sup.Expect(root.Code == 200 && root.Json.Str("docs") == "/docs" && root.Json.Str("openapi") == "/openapi.json", $"GET / does not link docs and openapi:\n{root}");
    }

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonNode doc) =>
        from path in doc.Obj("paths") ?? []
        from method in Methods
        let operation = path.Value.Obj(method)
        where operation is not null
        select (method.ToUpperInvariant(), path.Key, operation);

    /// <summary>Follows a <c>$ref</c> to <c>#/components/schemas/X</c>.</summary>
    private static JsonNode Resolve(JsonNode doc, JsonNode? schema)
    {
        if (schema is null) throw new Xunit.Sdk.XunitException("schema missing");
        return schema.Str("$ref") is { } reference
            ? doc.Obj("components").Obj("schemas").Obj(reference.Split('/').Last()) ?? throw new Xunit.Sdk.XunitException($"dangling $ref {reference}")
            : schema;
    }

    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => string.Join("|", a.Select(x => x?.GetValue<string>()).Where(x => x != "null")),
        _ => null,
    };
}
