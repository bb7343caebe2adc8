using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>The contract's 4xx body: <c>{status, error, message, errors?}</c>, never a 5xx for bad input.</summary>
public static class ErrorBody
{
    /// <summary>Asserts a 4xx (one of <paramref name="allowed"/> when given) with a well-formed JSON error body.</summary>
    public static void Assert4xx(ApiResponse response, string context, params int[] allowed)
    {
        var problems = new List<string>();
        if (response.Code >= 500) problems.Add($"answered {response.Code}: a 5xx for bad input");
        else if (response.Code is < 400 or >= 500) problems.Add($"answered {response.Code}, expected a 4xx");
        if (allowed.Length > 0 && !allowed.Contains(response.Code))
            problems.Add($"answered {response.Code}, expected one of {string.Join('/', allowed)}");

        var json = response.Json;
        if (json is null) problems.Add("body is not JSON");
        else
        {
            if (json.Int("status") != response.Code) problems.Add($"body 'status' is {json.Long("status")?.ToString() ?? "missing"}, expected {response.Code}");
            var error = json.Str("error");
            if (string.IsNullOrWhiteSpace(error)) problems.Add("body 'error' is missing");
            else if (error != error.ToLowerInvariant() || error.Contains(' ')) problems.Add($"body 'error' '{error}' is not a snake_case code");
            if (string.IsNullOrWhiteSpace(json.Str("message"))) problems.Add("body 'message' is missing");
        }
        if (response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            problems.Add($"content-type is '{response.ContentType}', expected JSON");

        if (problems.Count > 0)
            throw new XunitException($"bad answer to bad input:\n - {string.Join("\n - ", problems)}\n{response}\n{context}");
    }

    /// <summary>Asserts the validation body names <paramref name="field"/> under <c>errors</c> (case-insensitive, snake or camel).</summary>
    public static void AssertNamesField(ApiResponse response, string field, string context)
    {
        var errors = response.Json.Obj("errors");
        var normalized = field.Replace("_", "");
        if (errors is null || !errors.Any(kv => kv.Key.Replace("_", "").Equals(normalized, StringComparison.OrdinalIgnoreCase)))
            throw new XunitException($"validation error body does not name field '{field}' under 'errors':\n{response}\n{context}");
    }
}
