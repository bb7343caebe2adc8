using System.Net.Http.Headers;
using System.Text;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.OpenAI;

/// <summary>Plain HTTP to /v1 for what the .NET client hides: raw bodies, headers, multipart field names, fetching URLs.</summary>
public sealed class OpenAIHttp(SupervisorProcess supervisor) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = supervisor.BaseAddress, Timeout = Timeouts.Job * 2 };

    public Task<ApiResponse> PostJsonAsync(string path, string body, string? bearer = null) =>
        SendAsync(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "application/json"), body, bearer);

    public Task<ApiResponse> PostJsonAsync(string path, object body) => PostJsonAsync(path, Json.Serialize(body));

    /// <summary>A multipart form: text fields, and files as (field, file name, bytes).</summary>
    public Task<ApiResponse> PostFormAsync(string path, IEnumerable<(string Name, string Value)> fields, params (string Field, string FileName, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        var shown = new List<string>();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
            shown.Add($"{name}={value}");
        }
        foreach (var (field, fileName, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, field, fileName);
            shown.Add($"{field}=<{fileName}: {bytes.Length} bytes>");
        }
        return SendAsync(HttpMethod.Post, path, form, "multipart: " + string.Join(", ", shown));
    }

    public Task<ApiResponse> GetAsync(string pathOrUrl) => SendAsync(HttpMethod.Get, pathOrUrl, null, null);

    private async Task<ApiResponse> SendAsync(HttpMethod method, string target, HttpContent? content, string? shownBody, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, target) { Content = content };
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new ApiResponse(method.Method, target, shownBody, response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes)
        {
            Headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
        };
    }

    public void Dispose() => _http.Dispose();
}
