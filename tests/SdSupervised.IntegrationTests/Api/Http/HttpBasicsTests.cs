using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Api.OpenAI;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// HTTP basics over every documented route: a wrong method is a 405 with <c>Allow</c> in the family's error shape,
/// every family answers its errors as <c>application/json</c>, and unknown body fields are said back as
/// <c>ignored_fields</c> by the seed, A1111 and OpenAI submit answers.
/// </summary>
public sealed class HttpBasicsTests(SharedSupervisor shared, ITestOutputHelper output) : IClassFixture<SharedSupervisor>
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private SupervisorProcess Sup => shared.Supervisor;

    private async Task<IReadOnlyList<(string Template, IReadOnlySet<string> Methods)>> DocumentedRoutesAsync()
    {
        var document = (await Sup.Api.GetAsync("/openapi.json")).Json ?? throw new XunitException("no /openapi.json");
        return document.Obj("paths")!
            .Select(p => (p.Key, (IReadOnlySet<string>)p.Value!.AsObject().Select(m => m.Key.ToUpperInvariant()).Where(Methods.Contains).ToHashSet()))
            // The OpenAI catch-all takes every method; the web UI's routes are files.
            .Where(r => !r.Key.Contains("{path}", StringComparison.Ordinal) && !r.Key.StartsWith("/ui", StringComparison.Ordinal) && r.Item2.Count > 0)
            .ToList();
    }

    private static string Concrete(string template) => System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", "x");

    private static bool Matches(string template, string path)
    {
        var t = template.Trim('/').Split('/');
        var p = path.Trim('/').Split('/');
        return t.Length == p.Length && t.Zip(p).All(s => s.First.StartsWith('{') || string.Equals(s.First, s.Second, StringComparison.Ordinal));
    }

    private static string? FamilyShapeProblem(string path, JsonNode? body) => path switch
    {
        _ when path.StartsWith("/sdapi", StringComparison.Ordinal) || path.StartsWith("/queue", StringComparison.Ordinal) =>
            body.Str("detail") is { Length: > 0 } ? null : "no FastAPI 'detail'",
        _ when path.StartsWith("/v1", StringComparison.Ordinal) =>
            body.Obj("error").Str("message") is { Length: > 0 } ? null : "no OpenAI 'error.message'",
        _ => body.Str("error") is { Length: > 0 } && body.Str("message") is { Length: > 0 } ? null : "no seed 'error' and 'message'",
    };

    [Fact]
    public async Task A_wrong_method_on_every_documented_path_is_a_405_with_allow_in_its_familys_shape()
    {
        var routes = await DocumentedRoutesAsync();
        var problems = new List<string>();
        var probed = 0;
        foreach (var (template, _) in routes)
        {
            var path = Concrete(template);
            var allowed = routes.Where(r => Matches(r.Template, path)).SelectMany(r => r.Methods).ToHashSet();
            var wrong = Methods.FirstOrDefault(m => !allowed.Contains(m) && m != "GET") ?? Methods.FirstOrDefault(m => !allowed.Contains(m));
            if (wrong is null)
                continue;
            probed++;
            var answer = await HttpProbe.SendAsync(Sup.BaseAddress, new HttpMethod(wrong), path);
            var allow = (answer.Header("Allow") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var shape = FamilyShapeProblem(path, answer.Json);
            if (answer.Status != 405 || !allowed.IsSubsetOf(allow) || allow.Contains(wrong) || shape is not null
                || !(answer.Header("Content-Type") ?? "").StartsWith("application/json", StringComparison.Ordinal))
                problems.Add($"{wrong} {path}: {answer.Status}, Allow '{answer.Header("Allow")}' (documented {string.Join(",", allowed)}), {shape}\n    {answer.Body}");
        }
        output.WriteLine($"{probed} paths probed with a wrong method");
        Sup.Expect(probed >= 50, $"only {probed} documented paths were probed");
        Sup.Expect(problems.Count == 0, $"{problems.Count} wrong-method answers are not 405 + Allow:\n{string.Join("\n", problems.Take(20))}");
    }

    [Fact]
    public async Task Errors_of_every_family_on_every_documented_operation_are_application_json()
    {
        var routes = await DocumentedRoutesAsync();
        var problems = new List<string>();
        var errors = 0;
        foreach (var (template, methods) in routes)
        {
            // Event streams never end (a wrong method on them is the other test's); restarting is what that route is for.
            foreach (var method in methods.Where(m => !(m == "POST" && template == "/api/system/restart")
                                                      && !(m == "GET" && (template.EndsWith("/events", StringComparison.Ordinal) || template.Contains("stream", StringComparison.Ordinal)))))
            {
                // A cut-off JSON body where one is taken, a made-up id in the path otherwise.
                var content = method is "GET" or "DELETE" ? null : new StringContent("""{"prompt": 1,""", System.Text.Encoding.UTF8, "application/json");
                var answer = await HttpProbe.SendAsync(Sup.BaseAddress, new HttpMethod(method), Concrete(template), content: content);
                if (answer.Status < 400)
                    continue;
                errors++;
                var type = answer.Header("Content-Type") ?? "";
                if (!type.StartsWith("application/json", StringComparison.Ordinal) || FamilyShapeProblem(template, answer.Json) is { } shape && answer.Status != 401)
                    problems.Add($"{method} {template}: {answer.Status} {type}\n    {answer.Body[..Math.Min(200, answer.Body.Length)]}");
            }
        }
        output.WriteLine($"{errors} error answers checked");
        Sup.Expect(errors >= 40, $"only {errors} error answers were seen");
        Sup.Expect(problems.Count == 0, $"{problems.Count} errors are not application/json in their family's shape:\n{string.Join("\n", problems.Take(20))}");
    }

    [Fact]
    public async Task The_seed_submit_answer_names_the_fields_it_ignored_and_none_when_there_are_none()
    {
        var typo = await Sup.Api.SendAsync(HttpMethod.Post, "/api/generate/text2img",
            """{"prompt": "a cat", "steps": 2, "stpes": 3, "mode": "txt2img", "hires": {"enabled": false, "scal": 2}}""");
        var ignored = typo.Json.Arr("ignored_fields")?.Select(f => (string?)f).ToArray() ?? [];
        Sup.Expect(typo.Code == 202 && ignored.SequenceEqual(["stpes", "mode", "hires.scal"]), $"ignored_fields should be stpes, mode, hires.scal\n{typo}");

        var clean = await Sup.Api.SendAsync(HttpMethod.Post, "/api/generate/text2img", """{"prompt": "a cat", "steps": 2}""");
        Sup.Expect(clean.Code == 202 && !clean.Json.Has("ignored_fields"), $"a body of known fields has no ignored_fields\n{clean}");
        await Sup.Api.WaitForCompletedAsync(typo.Json.Str("job_id")!, Timeouts.Job);
        await Sup.Api.WaitForCompletedAsync(clean.Json.Str("job_id")!, Timeouts.Job);
    }

    [Fact]
    public async Task The_seed_synchronous_generate_names_the_fields_it_ignored_and_none_when_there_are_none()
    {
        var typo = await Sup.Api.SendAsync(HttpMethod.Post, "/api/v1/generate",
            """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64, "stpes": 3, "hires": {"enabled": false, "scal": 2}}""");
        var ignored = typo.Json.Arr("ignored_fields")?.Select(f => (string?)f).ToArray() ?? [];
        Sup.Expect(typo.Code is 200 or 202 && ignored.SequenceEqual(["stpes", "hires.scal"]), $"ignored_fields should be stpes, hires.scal\n{typo}");

        var clean = await Sup.Api.SendAsync(HttpMethod.Post, "/api/v1/generate", """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64}""");
        Sup.Expect(clean.Code is 200 or 202 && !clean.Json.Has("ignored_fields"), $"a body of known fields has no ignored_fields\n{clean}");
    }

    [Fact]
    public async Task A1111_and_openai_answers_name_the_fields_they_ignored()
    {
        var a1111 = await Sup.Api.SendAsync(HttpMethod.Post, "/sdapi/v1/txt2img",
            """{"prompt": "a cat", "steps": 2, "width": 64, "height": 64, "not_an_a1111_field": true}""");
        Sup.Expect(a1111.Code == 200 && a1111.Json.Arr("ignored_fields")?.Select(f => (string?)f).Contains("not_an_a1111_field") == true,
            $"A1111's answer should list not_an_a1111_field\n{a1111.Code} {a1111.Json.Arr("ignored_fields")?.ToJsonString()}");

        using var openai = new OpenAIHttp(Sup);
        var generated = await openai.PostJsonAsync("/v1/images/generations", """{"prompt": "a cat", "size": "256x256", "steps": 2, "quality": "hd", "sizes": 1}""");
        var fields = generated.Json.Arr("ignored_fields")?.Select(f => (string?)f).ToArray() ?? [];
        Sup.Expect(generated.Code == 200 && fields.SequenceEqual(["quality", "sizes"]), $"OpenAI's answer should list quality and sizes\n{generated.Code} {string.Join(",", fields)}");

        var edited = await openai.PostFormAsync("/v1/images/edits", [("prompt", "a cat"), ("size", "256x256"), ("steps", "2"), ("colour", "red")],
            ("image", "in.png", TestImages.OpaquePng(256, 256)));
        var editFields = edited.Json.Arr("ignored_fields")?.Select(f => (string?)f).ToArray() ?? [];
        Sup.Expect(edited.Code == 200 && editFields.SequenceEqual(["colour"]), $"the edit's answer should list colour\n{edited.Code} {string.Join(",", editFields)}");
    }
}
