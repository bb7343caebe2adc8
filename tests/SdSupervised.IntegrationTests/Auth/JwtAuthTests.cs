using System.Text;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary><c>--auth jwt</c> end to end: login, tokens, refresh rotation and reuse detection, logout, bad tokens.</summary>
public sealed class JwtAuthTests(JwtSupervisor fixture) : IClassFixture<JwtSupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    [Fact]
    public async Task Login_token_refresh_and_logout_work_end_to_end_and_a_reused_refresh_token_ends_the_session()
    {
        var login = await fixture.LoginAsync("carol", JwtSupervisor.CarolPassword);
        Sup.Expect(login.Code == 200 && login.Json.Str("token_type") == "Bearer" && login.Json.Int("expires_in") > 0 && login.Json.Str("role") == "user",
            $"carol (added by the users subcommand) logs in\n{login}");
        var cookies = login.Header("Set-Cookie") ?? "";
        Sup.Expect(cookies.Contains("sds_session=", StringComparison.Ordinal) && cookies.Contains("httponly", StringComparison.OrdinalIgnoreCase)
                   && cookies.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase), $"the session cookie is HttpOnly and SameSite=Strict: {cookies}");

        using (var carol = Sup.Api.WithBearer(login.Json.Str("access_token")!))
        {
            var submitted = await carol.SubmitRawAsync(new Text2ImgRequest { Steps = 2 });
            Sup.Expect(submitted.Code == 202, $"a protected call with the access token\n{submitted}");
            var profile = await carol.GetAsync("/api/v1/auth/profile");
            Sup.Expect(profile.Code == 200 && profile.Json.Str("username") == "carol" && profile.Json.Str("method") == "jwt"
                       && profile.Json?["permissions"]?.AsArray().Count > 0 && profile.Json.Str("expires_at") is not null, $"the profile\n{profile}");
        }

        var first = login.Json.Str("refresh_token")!;
        var refreshed = await Sup.Api.PostAsync("/api/auth/refresh", new { refresh_token = first });
        Sup.Expect(refreshed.Code == 200 && refreshed.Json.Str("refresh_token") is { } next && next != first, $"refresh rotates the refresh token\n{refreshed}");
        var access = refreshed.Json.Str("access_token")!;
        using (var carol = Sup.Api.WithBearer(access))
            Sup.Expect((await carol.GetAsync("/api/auth/me")).Code == 200, "the new access token works");

        var reused = await Sup.Api.PostAsync("/api/v1/auth/refresh", new { refresh_token = first });
        Sup.Expect(reused.Code == 401, $"a rotated refresh token is refused\n{reused}");
        using (var carol = Sup.Api.WithBearer(access))
        {
            var ended = await carol.GetAsync("/api/auth/me");
            Sup.Expect(ended.Code == 401 && ended.Json.Str("message")?.Contains("session has ended", StringComparison.Ordinal) == true,
                $"reuse ended the whole session, the newest access token included\n{ended}");
        }
        var rotatedToo = await Sup.Api.PostAsync("/api/auth/refresh", new { refresh_token = refreshed.Json.Str("refresh_token") });
        Sup.Expect(rotatedToo.Code == 401, $"and its newest refresh token\n{rotatedToo}");

        // A fresh session, ended by logout.
        var (access2, refresh2) = await fixture.TokensAsync("carol", JwtSupervisor.CarolPassword);
        using (var carol = Sup.Api.WithBearer(access2))
        {
            var logout = await carol.PostAsync("/api/auth/logout", new { });
            Sup.Expect(logout.Code == 200 && logout.Json?["logged_out"]?.GetValue<bool>() == true, $"logout\n{logout}");
            var after = await carol.GetAsync("/api/auth/me");
            Sup.Expect(after.Code == 401, $"the access token is refused after logout\n{after}");
        }
        var afterLogout = await Sup.Api.PostAsync("/api/auth/refresh", new { refresh_token = refresh2 });
        Sup.Expect(afterLogout.Code == 401, $"so is the refresh token\n{afterLogout}");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer()
    {
        var wrong = await fixture.LoginAsync("root", "not-the-password");
        var unknown = await fixture.LoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..6], "not-the-password");
        Sup.Expect(wrong.Code == 401 && unknown.Code == 401 && wrong.Text == unknown.Text && wrong.Json.Str("error") == "invalid_credentials",
            $"one generic answer for both\n{wrong}\n{unknown}");
        Sup.Expect(Sup.Log.Contains("Audit: login failed for root"), "the audit log says what really happened");
    }

    [Fact]
    public async Task A_name_is_locked_out_after_the_configured_failures_even_with_the_right_password()
    {
        using var admin = Sup.Api.WithBearer((await fixture.TokensAsync("root", JwtSupervisor.AdminPassword)).Access);
        var created = await admin.PostAsync("/api/auth/users", new { name = "dave", role = "user", password = "dave-password-1" });
        Sup.Expect(created.Code == 201, $"an admin creates a user\n{created}");

        for (var i = 0; i < 3; i++)
        {
            var failed = await fixture.LoginAsync("dave", "wrong-password");
            Sup.Expect(failed.Code == 401, $"failure {i + 1}\n{failed}");
        }
        var locked = await fixture.LoginAsync("dave", "dave-password-1");
        Sup.Expect(locked.Code == 429 && locked.Header("Retry-After") is { Length: > 0 }, $"locked out, with Retry-After\n{locked}");
    }

    [Fact]
    public async Task Malformed_tampered_unsigned_and_foreign_tokens_are_401_with_a_json_error()
    {
        var (access, _) = await fixture.TokensAsync("carol", JwtSupervisor.CarolPassword);
        var parts = access.Split('.');
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '=')));
        var asAdmin = payload.Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        var bad = new Dictionary<string, string>
        {
            ["garbage"] = "not.a.jwt",
            ["tampered payload"] = $"{parts[0]}.{B64(asAdmin)}.{parts[2]}",
            ["alg none"] = $"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{B64(asAdmin)}.",
            ["foreign signature"] = $"{parts[0]}.{parts[1]}.{B64("another server's signature")}",
            ["oversized"] = "e" + new string('x', 6000) + ".a.b",
        };
        foreach (var (name, token) in bad)
        {
            using var client = Sup.Api.WithBearer(token);
            var response = await client.GetAsync("/api/auth/me");
            Sup.Expect(response.Code == 401 && response.Json.Str("error") == "unauthorized"
                       && response.Header("WWW-Authenticate")?.Contains("invalid_token", StringComparison.Ordinal) == true,
                $"{name}: a 401 with a JSON error\n{response}");
        }
    }

    [Fact]
    public async Task Event_streams_accept_the_session_cookie_and_an_access_token_query()
    {
        var (access, _) = await fixture.TokensAsync("carol", JwtSupervisor.CarolPassword);
        Sup.Expect(await StreamStatusAsync("/api/events", ("Cookie", "sds_session=" + access)) == 200, "the session cookie opens /api/events");
        Sup.Expect(await StreamStatusAsync("/api/events?access_token=" + access) == 200, "so does ?access_token=");
        Sup.Expect(await StreamStatusAsync("/api/events") == 401, "nothing is a 401");
        var query = await Sup.Api.GetAsync("/api/queue/status?access_token=" + access);
        Sup.Expect(query.Code == 401, $"?access_token= works on event streams only\n{query}");
    }

    [Fact]
    public async Task An_unsafe_request_by_cookie_needs_this_servers_origin_or_the_anti_forgery_header()
    {
        var (access, _) = await fixture.TokensAsync("carol", JwtSupervisor.CarolPassword);
        var cookie = ("Cookie", "sds_session=" + access);
        var forged = await Sup.Api.SendAsync(HttpMethod.Post, "/api/queue/clear", "{}", "application/json", cookie, ("Origin", "https://evil.example"));
        Sup.Expect(forged.Code == 403 && forged.Json.Str("message")?.Contains("cross-site", StringComparison.Ordinal) == true, $"a foreign origin is refused\n{forged}");
        var bare = await Sup.Api.SendAsync(HttpMethod.Post, "/api/queue/clear", "{}", "application/json", cookie);
        Sup.Expect(bare.Code == 403, $"no origin and no header is refused\n{bare}");
        var sameOrigin = await Sup.Api.SendAsync(HttpMethod.Post, "/api/queue/clear", "{}", "application/json", cookie, ("Origin", Sup.BaseAddress.ToString().TrimEnd('/')));
        Sup.Expect(sameOrigin.Code == 200, $"this server's origin passes\n{sameOrigin}");
        var header = await Sup.Api.SendAsync(HttpMethod.Post, "/api/queue/clear", "{}", "application/json", cookie, ("X-Sds-Csrf", "1"));
        Sup.Expect(header.Code == 200, $"the anti-forgery header passes\n{header}");
        var read = await Sup.Api.SendAsync(HttpMethod.Get, "/api/queue/status", null, "application/json", cookie);
        Sup.Expect(read.Code == 200, $"a GET by cookie needs neither\n{read}");
    }

    [Fact]
    public async Task A_deleted_users_tokens_stop_working()
    {
        using var admin = Sup.Api.WithBearer((await fixture.TokensAsync("root", JwtSupervisor.AdminPassword)).Access);
        var created = await admin.PostAsync("/api/auth/users", new { name = "erin", role = "user", password = "erin-password-1" });
        Sup.Expect(created.Code == 201, $"create erin\n{created}");
        var duplicate = await admin.PostAsync("/api/auth/users", new { name = "ERIN", role = "user", password = "erin-password-1" });
        Sup.Expect(duplicate.Code == 409, $"names are unique regardless of case\n{duplicate}");
        var (access, _) = await fixture.TokensAsync("erin", "erin-password-1");

        var deleted = await admin.SendAsync(HttpMethod.Delete, "/api/auth/users/erin");
        Sup.Expect(deleted.Code == 200, $"delete erin\n{deleted}");
        using var erin = Sup.Api.WithBearer(access);
        var refused = await erin.GetAsync("/api/auth/me");
        Sup.Expect(refused.Code == 401, $"her access token is refused at once\n{refused}");
    }

    private async Task<int> StreamStatusAsync(string target, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient { BaseAddress = Sup.BaseAddress, Timeout = Timeouts.Soon };
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Accept.ParseAdd("text/event-stream");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (int)response.StatusCode;
    }
}
