using System.Text.RegularExpressions;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary>
/// Every route the running server has, from its own endpoint data source (<c>GET /api/auth/routes</c>), against one
/// table. A new endpoint that is not in the table fails here, so nothing becomes public, or admin-only, by accident.
/// Then each protected route is called without credentials (401), and each admin route with a user's key (403): the
/// table is what is enforced, not only what is declared.
/// </summary>
public sealed partial class RoutePolicyTests(ApiKeySupervisor fixture) : IClassFixture<ApiKeySupervisor>
{
    private const string Public = "public", User = "user", Admin = "admin";

    /// <summary>The access policy of every route: one place to read (and review) who may call what.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        // Public: where to start, docs, health and status, model listings, outputs (job ids are unguessable), logins.
        ["GET /"] = Public,
        ["GET /openapi.json"] = Public,
        ["GET /docs/{documentName?}"] = Public,
        ["GET /docs/favicon.svg"] = Public,
        ["GET /docs/scalar.aspnetcore.js"] = Public,
        ["GET /docs/scalar.js"] = Public,
        ["GET /_test_url_cache_"] = Public, // FastEndpoints' own (route URLs for its test helpers); answers nothing secret
        ["* /{*path:nonfile}"] = Public, // the JSON 404/415 fallback
        ["GET /ui/{**path}"] = Public, // the web UI's static files: the app holds no data, its API calls carry the policy
        ["GET /api/health"] = Public,
        ["* /metrics"] = Public, // Prometheus scrapes; Sds:Metrics:RequireAuth protects it (MetricsTests)
        ["GET /api/status"] = Public,
        ["GET /api/version"] = Public,
        ["GET /api/models"] = Public,
        ["GET /api/v1/models"] = Public,
        ["GET /api/queue/job/{jobId}/output/{filename}"] = Public,
        ["GET /api/v1/jobs/{jobId}/output/{filename}"] = Public,
        ["POST /api/auth/login"] = Public,
        ["POST /api/v1/auth/login"] = Public,
        ["POST /api/auth/refresh"] = Public,
        ["POST /api/v1/auth/refresh"] = Public,
        ["POST /api/auth/logout"] = Public,
        ["POST /api/v1/auth/logout"] = Public,
        ["GET /sdapi/v1/sd-models"] = Public,
        ["GET /sdapi/v1/sd-vae"] = Public,
        ["GET /sdapi/v1/loras"] = Public,
        ["GET /sdapi/v1/upscalers"] = Public,
        ["GET /sdapi/v1/embeddings"] = Public,
        ["GET /sdapi/v1/realesrgan-models"] = Public,
        ["GET /sdapi/v1/face-restorers"] = Public, // the empty lists: nothing to hide, and clients read them before signing in
        ["GET /sdapi/v1/prompt-styles"] = Public,
        ["GET /sdapi/v1/scripts"] = Public,
        ["GET /sdapi/v1/script-info"] = Public,
        ["GET /sdapi/v1/hypernetworks"] = Public,
        ["GET /sdapi/v1/extensions"] = Public,
        ["GET /queue/status"] = Public, // Gradio's probe: a count only
        ["GET /v1/models"] = Public,
        ["GET /v1/models/{id}"] = Public,
        ["GET /v1/images/files/{jobId}/{filename}"] = Public,
        ["GET /v1/{**path}"] = Public, // OpenAI-shaped 404 for routes this server lacks
        ["POST /v1/{**path}"] = Public,
        ["PUT /v1/{**path}"] = Public,
        ["PATCH /v1/{**path}"] = Public,
        ["DELETE /v1/{**path}"] = Public,

        // Any principal: generate, read, follow and cancel (their own) jobs.
        ["GET /api/auth/me"] = User,
        ["GET /api/v1/auth/profile"] = User,
        ["GET /api/auth/validate"] = User,
        ["POST /api/generate/text2img"] = User,
        ["POST /api/generate/img2img"] = User,
        ["POST /api/generate/inpainting"] = User,
        ["POST /api/generate/controlnet"] = User,
        ["POST /api/generate/upscale"] = User,
        ["POST /api/generate/video"] = User,
        ["POST /api/validate"] = User,
        ["POST /api/estimate"] = User,
        ["POST /api/v1/generate"] = User,
        ["GET /api/v1/generate/{jobId}"] = User,
        ["GET /api/parameters"] = User,
        ["GET /api/samplers"] = User,
        ["GET /api/schedulers"] = User,
        ["GET /api/presets"] = User,
        ["GET /api/presets/{name}"] = User,
        ["GET /api/prompts"] = User,
        ["GET /api/prompts/{name}"] = User,
        ["GET /api/neg-prompts"] = User,
        ["GET /api/neg-prompts/{name}"] = User,
        ["GET /api/events"] = User,
        ["GET /api/queue/status"] = User,
        ["GET /api/queue/job/{jobId}"] = User,
        ["GET /api/queue/job/{jobId}/events"] = User,
        ["POST /api/queue/cancel"] = User,
        ["POST /api/queue/clear"] = User,
        ["DELETE /api/queue/job/{jobId}"] = User,
        ["GET /api/queue/history"] = User,
        ["POST /api/outputs/zip"] = User,
        ["POST /api/image/crop"] = User,
        ["POST /api/image/resize"] = User,
        ["GET /api/image/download"] = User,
        ["GET /api/models/{modelId}"] = User,
        ["GET /api/models/stats"] = User,
        ["GET /api/models/types"] = User,
        ["GET /api/workers"] = User,
        ["POST /sdapi/v1/txt2img"] = User,
        ["POST /sdapi/v1/img2img"] = User,
        ["POST /sdapi/v1/extra-single-image"] = User,
        ["POST /sdapi/v1/png-info"] = User,
        ["GET /sdapi/v1/progress"] = User,
        ["POST /sdapi/v1/interrupt"] = User,
        ["POST /sdapi/v1/skip"] = User,
        ["GET /sdapi/v1/options"] = User,
        ["GET /sdapi/v1/samplers"] = User,
        ["GET /sdapi/v1/schedulers"] = User,
        ["GET /sdapi/v1/latent-upscale-modes"] = User,
        ["GET /sdapi/v1/cmd-flags"] = User, // paths of this machine
        ["GET /sdapi/v1/memory"] = User,
        ["POST /v1/images/generations"] = User,
        ["POST /v1/images/edits"] = User,

        // Admin: models, workers, system, keys and users.
        ["GET /api/auth/keys"] = Admin,
        ["POST /api/auth/keys"] = Admin,
        ["DELETE /api/auth/keys/{id}"] = Admin,
        ["GET /api/auth/users"] = Admin,
        ["POST /api/auth/users"] = Admin,
        ["DELETE /api/auth/users/{name}"] = Admin,
        ["POST /api/auth/users/{name}/password"] = Admin,
        ["GET /api/auth/routes"] = Admin,
        ["GET /api/config"] = Admin,
        ["GET /api/system"] = Admin,
        ["POST /api/system/restart"] = Admin,
        ["POST /api/workers/{id}/drain"] = Admin,
        ["POST /api/workers/{id}/enable"] = Admin,
        ["POST /api/workers/{id}/restart"] = Admin,
        ["POST /api/models/batch"] = Admin,
        ["POST /api/models/convert"] = Admin,
        ["POST /api/models/hash"] = Admin,
        ["POST /api/models/refresh"] = Admin,
        ["POST /api/models/validate"] = Admin,
        ["GET /api/models/directories"] = Admin,
        ["POST /api/models/{modelId}/load"] = Admin,
        ["POST /api/models/{modelId}/unload"] = Admin,
        ["POST /sdapi/v1/options"] = Admin,
        ["POST /sdapi/v1/refresh-checkpoints"] = Admin,
        ["POST /sdapi/v1/refresh-vae"] = Admin,
        ["POST /sdapi/v1/refresh-loras"] = Admin,
    };

    private SupervisorProcess Sup => fixture.Supervisor;

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    private async Task<Dictionary<string, string>> ServedAsync()
    {
        using var admin = Sup.Api.WithBearer(fixture.AdminKey);
        var response = await admin.GetAsync("/api/auth/routes");
        Sup.Expect(response.Code == 200, $"an admin lists the routes\n{response}");
        return response.Json!["routes"]!.AsArray()
            .ToDictionary(r => $"{r.Str("method")} {r.Str("path")}", r => r.Str("policy")!, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Every_route_the_server_has_has_the_policy_in_the_table()
    {
        var served = await ServedAsync();
        var unknown = served.Where(r => !Expected.ContainsKey(r.Key)).Select(r => $"  {r.Key} ({r.Value}): add it to the table with the policy it should have").ToList();
        var wrong = served.Where(r => Expected.TryGetValue(r.Key, out var p) && p != r.Value).Select(r => $"  {r.Key}: {r.Value}, the table says {Expected[r.Key]}").ToList();
        var gone = Expected.Keys.Where(k => !served.ContainsKey(k)).Select(k => $"  {k}: in the table, not served").ToList();
        Sup.Expect(unknown.Count + wrong.Count + gone.Count == 0,
            "the routes' policies differ from the table:\n" + string.Join("\n", unknown.Concat(wrong).Concat(gone)));
    }

    [Fact]
    public async Task Protected_routes_refuse_anonymous_callers_and_admin_routes_refuse_users()
    {
        using var user = Sup.Api.WithBearer(fixture.AliceKey);
        var problems = new List<string>();
        foreach (var (route, policy) in Expected.Where(e => e.Value != Public))
        {
            var (method, template) = (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);
            var path = Parameter().Replace(template, "x");
            var anonymous = await Sup.Api.SendAsync(new HttpMethod(method), path, method == "GET" || method == "DELETE" ? null : "{}");
            if (anonymous.Code != 401) problems.Add($"  {route} without credentials: {anonymous.Code}, expected 401");
            if (policy != Admin) continue;
            var asUser = await user.SendAsync(new HttpMethod(method), path, method == "GET" || method == "DELETE" ? null : "{}");
            if (asUser.Code != 403) problems.Add($"  {route} as a user: {asUser.Code}, expected 403");
        }
        Sup.Expect(problems.Count == 0, "routes not enforced as the table says:\n" + string.Join("\n", problems));
    }
}
