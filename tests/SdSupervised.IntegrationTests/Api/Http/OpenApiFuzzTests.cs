using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// A bounded fuzz over every operation in <c>/openapi.json</c> against one real supervisor: no input may give a 5xx
/// or hang, every error is a JSON body of its family's shape naming no .NET type, and the server is healthy after.
/// The seed is fixed, so a failure replays; the count is bounded, so the run stays well under a minute.
/// </summary>
public sealed class OpenApiFuzzTests(SharedSupervisor shared, ITestOutputHelper output) : IClassFixture<SharedSupervisor>
{
    private const int Seed = 1313;
    private const int ObjectCasesPerOperation = 12;
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(20);

    private SupervisorProcess Sup => shared.Supervisor;

    /// <summary>Restarting the server is what that route is for, whatever the body; the rest are fair game.</summary>
    private static bool Include(string method, string path) => !(method == "POST" && path == "/api/system/restart");

    [Fact]
    public async Task Malformed_and_boundary_requests_to_every_documented_operation_never_get_a_5xx_or_hang()
    {
        var document = (await Sup.Api.GetAsync("/openapi.json")).Json ?? throw new XunitException("no /openapi.json");
        var cases = new FuzzCaseGenerator(document, Seed, ObjectCasesPerOperation).Generate(Include).ToList();
        var operations = cases.Select(c => c.Operation).Distinct().Count();

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Sup.BaseAddress, Timeout = PerRequest };
        var problems = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        foreach (var request in cases)
        {
            var problem = await SendAsync(http, request, statuses);
            if (problem is not null) problems.Add($"{problem}\n    {request}");
        }
        output.WriteLine($"{cases.Count} requests to {operations} operations in {clock.Elapsed.TotalSeconds:F1} s; statuses: " +
                         string.Join(", ", statuses.Select(s => $"{s.Key}x{s.Value}")));

        Sup.Expect(operations >= 80, $"the document lists only {operations} operations; the fuzz should cover every one");
        Sup.Expect(problems.Count == 0, $"{problems.Count} of {cases.Count} requests were answered badly:\n" +
                                        string.Join("\n", problems.Take(25)));
        var health = await Sup.Api.GetAsync("/api/health");
        Sup.Expect(health.Code == 200, $"the server is not healthy after the fuzz:\n{health}");
        Sup.Expect(!Sup.Log.Contains("Unhandled error"), "the log has an unhandled error from the fuzz");
    }

    private static async Task<string?> SendAsync(HttpClient http, FuzzCase request, SortedDictionary<int, int> statuses)
    {
        using var message = new HttpRequestMessage(request.Method, request.Target);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (TaskCanceledException)
        {
            return $"no answer within {PerRequest.TotalSeconds:F0} s (a hang)";
        }
        using (response)
        {
            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            var contentType = response.Content.Headers.ContentType?.MediaType;
            // An event stream never ends; its headers are the answer.
            if (contentType == "text/event-stream") return code >= 500 ? $"{code} on an event stream" : null;
            string body;
            try
            {
                using var cts = new CancellationTokenSource(PerRequest);
                body = await response.Content.ReadAsStringAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return "the body did not end (a hang)";
            }
            if (code >= 500) return $"{code}: {Shorten(body)}";
            if (code < 400) return null;
            // Kestrel itself refuses a NUL in the decoded path, before any middleware runs, with a bare 400: no
            // application code can answer that one in JSON.
            if (code == 400 && body.Length == 0 && request.Target.Contains("%00", StringComparison.Ordinal)) return null;
            return ErrorProblem(code, contentType, body);
        }
    }

    /// <summary>The seed and A1111 shape <c>{status, error, message}</c>, or OpenAI's <c>{error: {message, type}}</c>.</summary>
    private static string? ErrorProblem(int code, string? contentType, string body)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            return $"{code} with content type '{contentType}', not JSON: {Shorten(body)}";
        var json = Json.TryParse(body);
        var seedShape = json.Int("status") == code && !string.IsNullOrWhiteSpace(json.Str("error")) && !string.IsNullOrWhiteSpace(json.Str("message"));
        var openAIShape = json.Obj("error") is { } error && !string.IsNullOrWhiteSpace(error.Str("message")) && error.Str("type") is not null;
        if (!seedShape && !openAIShape)
            return $"{code} without an error body of either shape: {Shorten(body)}";
        foreach (var leak in new[] { "System.", "SdSupervised.", "Exception", "Int32", "Int64", "Nullable`" })
            if (body.Contains(leak, StringComparison.Ordinal))
                return $"{code} names a .NET type or exception ('{leak}'): {Shorten(body)}";
        return null;
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "..." : text;
}
