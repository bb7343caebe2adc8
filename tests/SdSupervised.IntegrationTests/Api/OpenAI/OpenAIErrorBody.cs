using System.Text.Json.Nodes;
using SdSupervised.IntegrationTests.Infrastructure;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>OpenAI's error body, <c>{"error": {message, type, param, code}}</c>, as every /v1 route must answer errors.</summary>
public static class OpenAIErrorBody
{
    /// <summary>Asserts the status, the shape, the type and (when given) the param; returns the <c>error</c> object.</summary>
    public static JsonObject Assert(ApiResponse response, int status, string type, string? param, string context)
    {
        var problems = new List<string>();
        if (response.Code != status) problems.Add($"answered {response.Code}, expected {status}");
        if (response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            problems.Add($"content-type is '{response.ContentType}', expected JSON");
        var error = response.Json.Obj("error");
        if (error is null) problems.Add("body has no 'error' object");
        else
        {
            if (string.IsNullOrWhiteSpace(error.Str("message"))) problems.Add("error.message is missing");
            if (error.Str("type") != type) problems.Add($"error.type is '{error.Str("type")}', expected '{type}'");
            foreach (var key in new[] { "param", "code" })
                if (!error.ContainsKey(key)) problems.Add($"error.{key} is missing (OpenAI always sends it, null when unknown)");
            if (param is not null && error.Str("param") != param) problems.Add($"error.param is '{error.Str("param")}', expected '{param}'");
            if (response.Json.Has("status") || response.Json.Has("errors")) problems.Add("the body also has the seed API's fields");
        }
        if (problems.Count > 0)
            throw new XunitException($"not OpenAI's error shape:\n - {string.Join("\n - ", problems)}\n{response}\n{context}");
        return error!;
    }
}
