using System.Diagnostics;
using System.Net;
using System.Text;
using Xunit.Sdk;

namespace SdSupervised.IntegrationTests.Infrastructure;

/// <summary>
/// Typed helpers over the supervisor's HTTP API. Every failure message carries the request, the answer
/// and the tail of the supervisor log, so a red test explains itself.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly HttpClient _http;
    private readonly Func<string> _context;
    private readonly Action<StatusSnapshot>? _onStatus;

    public ApiClient(Uri baseAddress, Func<string> context, Action<StatusSnapshot>? onStatus = null,
        IReadOnlyList<(string Name, string Value)>? headers = null)
    {
        // No cookie jar: a test that wants the session cookie sends it itself, so one login does not turn every later request into a cookie request.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2), UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(15),
        };
        _context = context;
        _onStatus = onStatus;
        foreach (var (name, value) in headers ?? []) _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
    }

    /// <summary>Another client on the same server that sends these headers with every request (credentials); dispose it.</summary>
    public ApiClient With(params (string Name, string Value)[] headers) => new(BaseAddress, _context, _onStatus, headers);

    /// <summary>A client that authenticates with <c>Authorization: Bearer</c> (an API key or an access token).</summary>
    public ApiClient WithBearer(string token) => With(("Authorization", "Bearer " + token));

    public Uri BaseAddress => _http.BaseAddress!;

    // ---- raw requests -------------------------------------------------------------------------

    public async Task<ApiResponse> SendAsync(HttpMethod method, string target, string? body = null, string contentType = "application/json",
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, target);
        if (body is not null && contentType.Contains(';'))
        {
            // A type with parameters (a multipart boundary) goes out exactly as given; StringContent takes only a bare type.
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        else if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new ApiResponse(method.Method, target, body, response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes)
        {
            Headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
        };
    }

    public Task<ApiResponse> GetAsync(string target) => SendAsync(HttpMethod.Get, target);

    public Task<ApiResponse> PostAsync(string target, object body) => SendAsync(HttpMethod.Post, target, Json.Serialize(body));

    public Task<ApiResponse> PostRawAsync(string target, string body, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, target, body, contentType);

    // ---- jobs ---------------------------------------------------------------------------------

    public Task<ApiResponse> SubmitRawAsync(Text2ImgRequest request) => PostAsync("/api/generate/text2img", request);

    /// <summary>Submits and insists on the contract's 202 <c>{job_id, status: "queued", position}</c>; returns the id.</summary>
    public async Task<string> SubmitAsync(Text2ImgRequest request)
    {
        var response = await SubmitRawAsync(request);
        var id = response.Json.Str("job_id");
        if (response.Status != HttpStatusCode.Accepted || string.IsNullOrEmpty(id))
            throw Fail($"submit was not accepted with 202 and a job_id:\n{response}");
        return id;
    }

    public async Task<JobSnapshot> GetJobAsync(string jobId)
    {
        var response = await GetAsync($"/api/queue/job/{jobId}");
        if (response.Status != HttpStatusCode.OK)
            throw Fail($"GET job {jobId} did not answer 200:\n{response}");
        return new JobSnapshot(response.Json);
    }

    public Task<JobSnapshot> WaitForJobAsync(string jobId, Func<JobSnapshot, bool> until, TimeSpan timeout, string what) =>
        PollAsync(() => GetJobAsync(jobId), until, timeout, $"job {jobId} {what}");

    public Task<JobSnapshot> WaitForTerminalAsync(string jobId, TimeSpan timeout) =>
        WaitForJobAsync(jobId, j => j.IsTerminal, timeout, "to finish (completed|failed|cancelled)");

    public async Task<JobSnapshot> WaitForCompletedAsync(string jobId, TimeSpan timeout)
    {
        var job = await WaitForTerminalAsync(jobId, timeout);
        if (job.Status != "completed") throw Fail($"job {jobId} ended '{job.Status}', expected 'completed'", job);
        return job;
    }

    /// <summary>Waits until the job is running and has reported at least <paramref name="minStep"/> sampling steps.</summary>
    public Task<JobSnapshot> WaitForRunningAsync(string jobId, int minStep, TimeSpan timeout) =>
        WaitForJobAsync(jobId, j =>
        {
            if (j.IsTerminal) throw Fail($"job {jobId} finished ('{j.Status}') before it was seen running at sampling step >= {minStep}", j);
            return j.Status == "running" && (j.SamplingStep ?? 0) >= minStep;
        }, timeout, $"to be running at sampling step >= {minStep}");

    public Task<ApiResponse> CancelAsync(string jobId) => PostAsync("/api/queue/cancel", new { job_id = jobId });

    public Task<ApiResponse> ClearAsync() => SendAsync(HttpMethod.Post, "/api/queue/clear", "{}");

    public Task<ApiResponse> QueueStatusAsync() => GetAsync("/api/queue/status");

    /// <summary>Downloads an output by the URL the job reported (absolute or server-relative).</summary>
    public Task<ApiResponse> DownloadAsync(string url) => GetAsync(url);

    // ---- workers ------------------------------------------------------------------------------

    public async Task<StatusSnapshot> GetStatusAsync()
    {
        var response = await GetAsync("/api/status");
        if (response.Status != HttpStatusCode.OK)
            throw Fail($"GET /api/status did not answer 200:\n{response}");
        var status = new StatusSnapshot(response.Json);
        _onStatus?.Invoke(status);
        return status;
    }

    public Task<StatusSnapshot> WaitForStatusAsync(Func<StatusSnapshot, bool> until, TimeSpan timeout, string what) =>
        PollAsync(GetStatusAsync, until, timeout, what);

    /// <summary>The worker that /api/status says is running <paramref name="jobId"/>, once it shows a pid.</summary>
    public async Task<WorkerView> WaitForWorkerRunningAsync(string jobId, TimeSpan timeout)
    {
        var status = await WaitForStatusAsync(s => s.Workers.Any(w => w.JobId == jobId && w.Pid is > 0),
            timeout, $"a worker with job_id {jobId} and a pid in /api/status");
        return status.Workers.First(w => w.JobId == jobId && w.Pid is > 0);
    }

    /// <summary><c>GET /metrics</c>, parsed strictly; anything but a 200 in the Prometheus text format fails the test.</summary>
    public async Task<PrometheusText> ScrapeAsync()
    {
        var response = await GetAsync("/metrics");
        if (response.Code != 200 || response.ContentType?.StartsWith("text/plain", StringComparison.Ordinal) != true)
            throw Fail($"GET /metrics should answer 200 text/plain\n{response}");
        try
        {
            return PrometheusText.Parse(response.Text);
        }
        catch (FormatException e)
        {
            throw Fail($"/metrics is not valid Prometheus text: {e.Message}");
        }
    }

    public Task<PrometheusText> WaitForMetricsAsync(Func<PrometheusText, bool> until, TimeSpan timeout, string what) =>
        PollAsync(ScrapeAsync, until, timeout, what);

    // ---- plumbing -----------------------------------------------------------------------------

    /// <summary>
    /// Polls until <paramref name="until"/> holds or the deadline passes. Transport errors are tolerated
    /// while polling (a restarting supervisor), but reported with the last answer when time runs out.
    /// </summary>
    public async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> until, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        T? last = default;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (until(last)) return last;
            }
            catch (XunitException) { throw; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                lastError = e;
            }
            if (clock.Elapsed > timeout)
                throw Fail($"timed out after {timeout.TotalSeconds:F0} s waiting for {what}.\nlast answer: {last?.ToString() ?? "<none>"}" +
                           (lastError is null ? "" : $"\nlast transport error: {lastError.GetType().Name}: {lastError.Message}"));
            await Task.Delay(PollInterval);
        }
    }

    public XunitException Fail(string message, JobSnapshot? job = null) =>
        new($"{message}{(job is null ? "" : "\njob: " + job)}\n{_context()}");

    public void Dispose() => _http.Dispose();
}
