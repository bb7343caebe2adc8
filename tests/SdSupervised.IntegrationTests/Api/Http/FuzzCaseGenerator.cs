using System.Text;
using System.Text.Json.Nodes;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>
/// Malformed and boundary requests for every operation of an OpenAPI document, from a fixed seed: odd path and query
/// values (traversal, NUL, surrogates, huge), bodies of the wrong JSON kind, cut JSON, wrong content types, and
/// objects whose fields (the documented ones, and the names clients of every family send) carry wrong types, nulls,
/// huge and negative numbers, long and odd strings and bad base64. Nothing here is a valid request on purpose.
/// </summary>
public sealed class FuzzCaseGenerator(JsonNode document, int seed, int objectCasesPerOperation)
{
    private static readonly string[] PathValues =
    [
        "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e", "....%2F%2F", "%00", "a%00b", "%ED%A0%80", "%F0%9F%98%80", "-1", "0",
        "99999999999999999999", "null", "a%20b", new string('a', 3000), "%252e%252e%252f", "C:%5Cwindows",
    ];

    private static readonly string[] QueryValues =
    [
        "", "-1", "99999999999999999999", "1e308", "NaN", "true", "%00", "..%2F..%2Fetc%2Fpasswd", "file:%2F%2F%2Fetc%2Fpasswd",
        "http:%2F%2F127.0.0.1%2F", "http:%2F%2F%5B::1%5D:1%2F", "ftp:%2F%2Fx", new string('z', 4000), "%ED%A0%80",
    ];

    /// <summary>Raw JSON values, each wrong for most fields.</summary>
    private static readonly string[] BadValues =
    [
        "null", "-1", "0", "2147483648", "-9223372036854775809", "1e308", "-1e308", "1.5", "\"\"", "true", "[]", "{}", "[null]",
        "[1,\"a\",null]", "{\"a\":null}", "\"" + new string('x', 20000) + "\"", "\"\\ud800\"", "\"\\udc00x\\ud83d\"", "\"\\u0000\"",
        "\"../../../etc/passwd\"", "\"!!!not-base64!!!\"", "\"data:image/png;base64,AAAA\"", "\"iVBORw0KGgo=\"", "\"QUJD\"",
        "\"\u202Eevil\"", "\"<lora:../../x:1>\"", "\"http://127.0.0.1:1/x.png\"", "\"-1\"", "\"1e400\"", "[{}]", "[[[]]]",
    ];

    /// <summary>Field names the three families' clients send; the document does not declare bodies for all of them.</summary>
    private static readonly string[] CommonFields =
    [
        "prompt", "negative_prompt", "model", "steps", "width", "height", "seed", "cfg_scale", "batch_count", "batch_size", "n_iter",
        "n", "size", "response_format", "output_format", "sampler_name", "sampling_method", "scheduler", "loras", "hires", "images",
        "init_images", "init_image", "mask", "mask_image", "image", "control_image", "operations", "operation", "models", "model_id",
        "model_name", "action", "worker_id", "job_id", "name", "password", "username", "url", "x", "y", "scale", "quantization_type",
        "output_path", "override_settings", "denoising_strength", "strength", "upscaler_1", "esrgan_model", "vae_model", "enable_hr",
        "alwayson_scripts", "styles", "send_images", "role", "expires_in_days", "refresh_token", "upscaling_resize", "hr_scale",
    ];

    private static readonly string[] WholeBodies =
    [
        "", "   ", "[]", "\"text\"", "12", "null", "true", "{", "{\"prompt\":", "{\"prompt\":\"x\",}", "{\"a\" 1}", "{'prompt':'x'}",
        new string('[', 200) + new string(']', 200), "{\"prompt\":\"\\ud8", "\uFEFF{}",
        "{\"prompt\":\"a\",\"prompt\":\"b\",\"steps\":1,\"steps\":\"x\"}", "{\"prompt\":\"a\",\"override_settings\":{\"k\":1,\"k\":2}}",
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzCase> Generate(Func<string, string, bool> include)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (verb, node) in item!.AsObject())
            {
                if (node is not JsonObject operation || !IsMethod(verb) || !include(verb.ToUpperInvariant(), path)) continue;
                foreach (var request in ForOperation(path, verb.ToUpperInvariant(), operation))
                    yield return request;
            }
    }

    private static bool IsMethod(string verb) => verb is "get" or "post" or "put" or "patch" or "delete";

    private IEnumerable<FuzzCase> ForOperation(string path, string verb, JsonObject operation)
    {
        var name = $"{verb} {path}";
        var method = new HttpMethod(verb);
        var parameters = operation["parameters"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var pathParams = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryParams = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        string Target(Func<string, string> value) =>
            pathParams.Aggregate(path, (t, p) => t.Replace("{" + p + "}", value(p), StringComparison.Ordinal));
        var plain = Target(_ => "fuzz");
        var takesBody = verb is "POST" or "PUT" or "PATCH";

        foreach (var value in pathParams.Count == 0 ? [] : PathValues)
            yield return new FuzzCase(name, "path parameter", method, Target(_ => value), takesBody ? "{}"u8.ToArray() : null, takesBody ? "application/json" : null);

        foreach (var query in queryParams.DefaultIfEmpty("unknown_param"))
            foreach (var value in Pick(QueryValues, 3))
                yield return new FuzzCase(name, $"query {query}", method, $"{plain}?{query}={value}&{query}=again", takesBody ? "{}"u8.ToArray() : null, takesBody ? "application/json" : null);

        if (!takesBody) yield break;

        foreach (var body in WholeBodies)
            yield return Json(name, "whole body", method, plain, body);
        yield return new FuzzCase(name, "wrong content type", method, plain, "{\"prompt\":\"x\"}"u8.ToArray(), "text/plain");
        yield return new FuzzCase(name, "wrong content type", method, plain, "<prompt>x</prompt>"u8.ToArray(), "application/xml");
        yield return new FuzzCase(name, "form instead of JSON", method, plain, "prompt=x&steps=-1"u8.ToArray(), "application/x-www-form-urlencoded");
        yield return new FuzzCase(name, "broken multipart", method, plain,
            "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nx"u8.ToArray(), "multipart/form-data; boundary=B");
        yield return new FuzzCase(name, "multipart with a bad image", method, plain, Encoding.UTF8.GetBytes(
            "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n" +
            "Content-Type: image/png\r\n\r\nnot a png\r\n--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n-5\r\n--B--\r\n"), "multipart/form-data; boundary=B");

        var fields = DocumentedFields(operation).Concat(CommonFields).Distinct().ToArray();
        for (var i = 0; i < objectCasesPerOperation; i++)
        {
            var chosen = Pick(fields, 1 + _random.Next(3));
            var members = chosen.Select(f => $"\"{f}\":{BadValues[_random.Next(BadValues.Length)]}").ToList();
            if (_random.Next(3) == 0) members.Add($"\"unknown_{_random.Next(1000)}\":{BadValues[_random.Next(BadValues.Length)]}");
            // A prompt keeps most bodies past the "prompt is required" check, so the bad field is what gets read.
            if (!chosen.Contains("prompt") && _random.Next(2) == 0) members.Insert(0, "\"prompt\":\"fuzz\"");
            yield return Json(name, $"fields {string.Join(",", chosen)}", method, plain, "{" + string.Join(",", members) + "}");
        }
    }

    private IEnumerable<string> DocumentedFields(JsonObject operation)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"] is JsonValue reference && ((string)reference!).Split('/').Last() is var schemaName)
            schema = document["components"]?["schemas"]?[schemaName];
        return schema?["properties"] is JsonObject properties ? properties.Select(p => p.Key) : [];
    }

    private string[] Pick(string[] from, int count) => from.OrderBy(_ => _random.Next()).Take(count).ToArray();

    private static FuzzCase Json(string operation, string what, HttpMethod method, string target, string body) =>
        new(operation, what, method, target, Encoding.UTF8.GetBytes(body), "application/json");
}
