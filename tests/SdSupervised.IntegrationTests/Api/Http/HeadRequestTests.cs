using SdSupervised.IntegrationTests.Infrastructure;

namespace SdSupervised.IntegrationTests.Api.Http;

/// <summary>HEAD on GET routes of every family, as uptime checkers send it: the GET's status and headers, no body.</summary>
public sealed class HeadRequestTests(SharedSupervisor shared) : IClassFixture<SharedSupervisor>
{
    private SupervisorProcess Sup => shared.Supervisor;

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/status")]
    [InlineData("/sdapi/v1/sd-models")]
    [InlineData("/v1/models")]
    [InlineData("/queue/status")]
    [InlineData("/")]
    public async Task Head_on_a_get_route_answers_the_gets_status_and_type_without_a_body(string path)
    {
        var get = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, path);
        var head = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Head, path);

        Sup.Expect(head.Status == get.Status && head.Body.Length == 0
                   && head.Headers.GetValueOrDefault("Content-Type") == get.Headers.GetValueOrDefault("Content-Type"),
            $"HEAD {path} should answer GET's {get.Status} and content type with no body\nGET: {get}\nHEAD: {head}");
        var after = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Get, "/api/health");
        Sup.Expect(after.Status == 200, $"the server should stay healthy after HEAD {path}\n{after}");
    }

    [Fact]
    public async Task Head_on_an_unknown_path_is_the_gets_404()
    {
        var head = await HttpProbe.SendAsync(Sup.BaseAddress, HttpMethod.Head, "/api/no-such-route");

        Sup.Expect(head.Status == 404 && head.Body.Length == 0, $"HEAD on an unknown path should be 404 without a body\n{head}");
    }
}
