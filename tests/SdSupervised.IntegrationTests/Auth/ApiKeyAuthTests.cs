using System.ClientModel;
using System.Net;
using System.Text;
using OpenAI.Images;
using SdSupervised.IntegrationTests.Api.A1111;
using SdSupervised.IntegrationTests.Api.OpenAI;
using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Auth;

/// <summary><c>--auth api-key</c> end to end: the three ways to send a key, refusals per family, keys revoked and expired.</summary>
public sealed class ApiKeyAuthTests(ApiKeySupervisor fixture) : IClassFixture<ApiKeySupervisor>
{
    private SupervisorProcess Sup => fixture.Supervisor;

    [Fact]
    public async Task A_key_is_accepted_as_bearer_as_x_api_key_and_as_the_basic_password()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + fixture.AliceKey));
        foreach (var (name, value) in new[] { ("Authorization", "Bearer " + fixture.AliceKey), ("X-API-Key", fixture.AliceKey), ("Authorization", "Basic " + basic) })
        {
            using var client = Sup.Api.With((name, value));
            var me = await client.GetAsync("/api/auth/me");
            Sup.Expect(me.Code == 200 && me.Json.Str("username") == "alice" && me.Json.Str("role") == "user" && me.Json.Str("method") == "api-key",
                $"{name} {value[..Math.Min(12, value.Length)]}... should authenticate alice\n{me}");
        }
    }

    [Fact]
    public async Task No_credentials_is_401_in_each_familys_error_shape_with_www_authenticate()
    {
        var api = await Sup.Api.PostAsync("/api/generate/text2img", new Text2ImgRequest());
        Sup.Expect(api.Code == 401 && api.Json.Str("error") == "unauthorized" && api.Json.Int("status") == 401 && api.Json.Str("message") is { Length: > 0 },
            $"/api answers the API's error shape\n{api}");
        Sup.Expect(api.Header("WWW-Authenticate")?.StartsWith("Bearer", StringComparison.Ordinal) == true, $"a 401 says how to authenticate\n{api}");

        var a1111 = await Sup.Api.PostRawAsync("/sdapi/v1/txt2img", A1111Payloads.Txt2Img());
        Sup.Expect(a1111.Code == 401 && a1111.Json.Str("detail") is { Length: > 0 }, $"/sdapi answers FastAPI's detail\n{a1111}");
        Sup.Expect(a1111.Header("WWW-Authenticate")?.Contains("Basic", StringComparison.Ordinal) == true, $"/sdapi offers Basic, as A1111 clients send\n{a1111}");

        var openai = await Sup.Api.PostAsync("/v1/images/generations", new { prompt = "x" });
        Sup.Expect(openai.Code == 401 && openai.Json?["error"].Str("code") == "invalid_api_key" && openai.Json?["error"].Str("message") is { Length: > 0 },
            $"/v1 answers OpenAI's error shape\n{openai}");
    }

    [Fact]
    public async Task Public_routes_answer_without_credentials()
    {
        foreach (var path in new[] { "/api/health", "/api/status", "/api/version", "/api/models", "/v1/models", "/sdapi/v1/sd-models", "/openapi.json" })
        {
            var response = await Sup.Api.GetAsync(path);
            Sup.Expect(response.Code == 200, $"{path} is public\n{response}");
        }
        var status = await Sup.Api.GetAsync("/api/status");
        Sup.Expect(status.Json?["auth"].Str("method") == "api-key", $"/api/status shows the method\n{status}");
    }

    [Fact]
    public async Task A_user_key_on_an_admin_route_is_403_and_an_admin_key_passes()
    {
        using var alice = Sup.Api.WithBearer(fixture.AliceKey);
        var refused = await alice.GetAsync("/api/config");
        Sup.Expect(refused.Code == 403 && refused.Json.Str("error") == "forbidden", $"a user may not read the configuration\n{refused}");
        var keys = await alice.GetAsync("/api/auth/keys");
        Sup.Expect(keys.Code == 403, $"a user may not list keys\n{keys}");

        using var admin = Sup.Api.WithBearer(fixture.AdminKey);
        var config = await admin.GetAsync("/api/config");
        Sup.Expect(config.Code == 200, $"an admin may\n{config}");
    }

    [Fact]
    public async Task Unknown_malformed_and_oversized_keys_are_401_never_500()
    {
        foreach (var bad in new[] { "sds_000000000000_nope", "sds_", "not-a-key", fixture.AliceKey + "x", "sds_" + new string('a', 4000) })
        {
            using var client = Sup.Api.With(("X-API-Key", bad));
            var response = await client.GetAsync("/api/auth/me");
            Sup.Expect(response.Code == 401 && response.Json.Str("error") == "unauthorized", $"key '{bad[..Math.Min(20, bad.Length)]}...' must be a 401\n{response}");
        }
        using var odd = Sup.Api.With(("Authorization", "Negotiate abc"));
        var scheme = await odd.GetAsync("/api/auth/me");
        Sup.Expect(scheme.Code == 401, $"an unsupported scheme is a 401\n{scheme}");
        using var badBasic = Sup.Api.With(("Authorization", "Basic %%%"));
        var basic = await badBasic.GetAsync("/api/auth/me");
        Sup.Expect(basic.Code == 401, $"undecodable Basic is a 401\n{basic}");
    }

    [Fact]
    public async Task A_key_revoked_through_the_api_is_refused_at_the_next_request()
    {
        using var admin = Sup.Api.WithBearer(fixture.AdminKey);
        var created = await admin.PostAsync("/api/auth/keys", new { name = "temp", role = "user" });
        Sup.Expect(created.Code == 201 && created.Json.Str("key") is { Length: > 20 }, $"create answers 201 with the key\n{created}");
        var key = created.Json.Str("key")!;
        var id = created.Json?["info"].Str("id")!;

        using var temp = Sup.Api.WithBearer(key);
        Sup.Expect((await temp.GetAsync("/api/auth/me")).Code == 200, "the new key works");

        var list = await admin.GetAsync("/api/auth/keys");
        Sup.Expect(list.Code == 200 && !list.Text.Contains(key, StringComparison.Ordinal) && list.Text.Contains(id, StringComparison.Ordinal),
            $"the list shows the key's id but never the key\n{list}");

        var revoked = await admin.SendAsync(HttpMethod.Delete, $"/api/auth/keys/{id}");
        Sup.Expect(revoked.Code == 200, $"revoke answers 200\n{revoked}");
        var after = await temp.GetAsync("/api/auth/me");
        Sup.Expect(after.Code == 401, $"a revoked key is refused\n{after}");
        var again = await admin.SendAsync(HttpMethod.Delete, $"/api/auth/keys/{id}");
        Sup.Expect(again.Code == 404, $"revoking twice is a 404\n{again}");
    }

    [Fact]
    public async Task An_expired_key_is_refused_saying_it_expired()
    {
        using var admin = Sup.Api.WithBearer(fixture.AdminKey);
        var created = await admin.PostAsync("/api/auth/keys", new { name = "short-lived", role = "user", expires_at = DateTimeOffset.UtcNow.AddSeconds(10) });
        Sup.Expect(created.Code == 201, $"create with expires_at\n{created}");
        using var client = Sup.Api.WithBearer(created.Json.Str("key")!);
        var refused = await Sup.Api.PollAsync(() => client.GetAsync("/api/auth/me"), r => r.Code == 401, Timeouts.Soon, "the key to expire");
        Sup.Expect(refused.Json.Str("message")?.Contains("expired", StringComparison.Ordinal) == true, $"the 401 says the key expired\n{refused}");

        var past = await admin.PostAsync("/api/auth/keys", new { name = "dead", role = "user", expires_at = DateTimeOffset.UtcNow.AddDays(-1) });
        Sup.Expect(past.Code == 400 && past.Json?["errors"]?["expires_at"] is not null, $"an expiry in the past is a 400 naming expires_at\n{past}");
    }

    [Fact]
    public async Task Key_creation_refuses_bad_names_and_roles_with_400()
    {
        using var admin = Sup.Api.WithBearer(fixture.AdminKey);
        var badName = await admin.PostAsync("/api/auth/keys", new { name = "has space", role = "user" });
        Sup.Expect(badName.Code == 400 && badName.Json?["errors"]?["name"] is not null, $"bad name\n{badName}");
        var badRole = await admin.PostAsync("/api/auth/keys", new { name = "ok", role = "root" });
        Sup.Expect(badRole.Code == 400 && badRole.Json?["errors"]?["role"] is not null, $"bad role\n{badRole}");
    }

    [Fact]
    public async Task Keys_subcommands_work_on_the_data_dir_of_the_running_server()
    {
        var key = await SupervisorCli.CreateKeyAsync(Sup.DataDir, "from-shell", "user");
        using var client = Sup.Api.WithBearer(key);
        Sup.Expect((await client.GetAsync("/api/auth/me")).Code == 200, "a key made from the shell works at once");

        var list = await SupervisorCli.RunAsync(Sup.DataDir, null, "keys", "list");
        var line = list.Stdout.Split('\n').FirstOrDefault(l => l.Contains("from-shell", StringComparison.Ordinal));
        Sup.Expect(list.ExitCode == 0 && line is not null && line.Contains("active", StringComparison.Ordinal) && !list.Stdout.Contains(key, StringComparison.Ordinal),
            $"keys list shows it, without the secret\n{list}");

        var revoke = await SupervisorCli.RunAsync(Sup.DataDir, null, "keys", "revoke", line!.Split('\t')[0]);
        Sup.Expect(revoke.ExitCode == 0, $"keys revoke\n{revoke}");
        var after = await client.GetAsync("/api/auth/me");
        Sup.Expect(after.Code == 401, $"a key revoked from the shell is refused by the running server\n{after}");

        var unknown = await SupervisorCli.RunAsync(Sup.DataDir, null, "keys", "revoke", "nosuchkey");
        Sup.Expect(unknown.ExitCode == 1 && unknown.Stderr.Contains("no active key", StringComparison.Ordinal), $"revoking an unknown key fails clearly\n{unknown}");
    }

    [Fact]
    public async Task The_official_openai_client_authenticates_with_an_api_key()
    {
        var options = OpenAIClients.Options(Sup);
        var client = new ImageClient("dall-e-2", new ApiKeyCredential(fixture.AliceKey), options);
        var result = await client.GenerateImageAsync("a lighthouse", new ImageGenerationOptions { Size = new GeneratedImageSize(64, 64), ResponseFormat = GeneratedImageFormat.Bytes });
        Sup.Expect(result.Value.ImageBytes is { } bytes && TestImages.IsPng(bytes.ToArray()), "the image comes back");

        var wrong = new ImageClient("dall-e-2", new ApiKeyCredential("sk-wrong"), options);
        var thrown = await Assert.ThrowsAsync<ClientResultException>(() => wrong.GenerateImageAsync("x"));
        Sup.Expect(thrown.Status == 401, $"a wrong key is a 401 the client reports: {thrown.Status} {thrown.Message}");
    }

    [Fact]
    public async Task Forwarded_headers_are_ignored_when_no_proxy_is_known()
    {
        using var alice = Sup.Api.WithBearer(fixture.AliceKey);
        var response = await alice.SendAsync(HttpMethod.Post, "/v1/images/generations", Json.Serialize(new { prompt = "x", size = "64x64", response_format = "url" }),
            "application/json", ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "evil.example"));
        var url = response.Json?["data"]?[0].Str("url");
        Sup.Expect(response.Code == 200 && url?.StartsWith(Sup.BaseAddress.ToString(), StringComparison.Ordinal) == true, $"the URL is this server's own\n{response}");
    }

    [Fact]
    public async Task An_a1111_client_with_basic_auth_generates()
    {
        using var http = new HttpClient { BaseAddress = Sup.BaseAddress, Timeout = Timeouts.Job };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("webui:" + fixture.AliceKey)));
        using var response = await http.PostAsync("/sdapi/v1/txt2img", new StringContent(A1111Payloads.Txt2Img(width: 64, height: 64, steps: 2), Encoding.UTF8, "application/json"));
        var body = Json.TryParse(await response.Content.ReadAsStringAsync());
        Sup.Expect(response.StatusCode == HttpStatusCode.OK && body?["images"]?.AsArray().Count == 1, $"txt2img with Basic answers an image: {(int)response.StatusCode} {Json.Show(body)[..Math.Min(300, Json.Show(body).Length)]}");
    }
}
