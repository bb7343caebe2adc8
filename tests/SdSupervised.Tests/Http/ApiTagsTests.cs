using SdSupervised.Supervisor.Hosting.Http.OpenApi;

namespace SdSupervised.Tests.Http;

public sealed class ApiTagsTests
{
    public static TheoryData<string, string> Routes => new()
    {
        { "/api/generate/text2img", "generate" },
        { "/api/v1/generate", "generate" },
        { "/api/samplers", "generate" },
        { "/api/validate", "generate" },
        { "/api/queue/job/{jobId}", "queue" },
        { "/api/v1/jobs/{jobId}/output/{filename}", "queue" },
        { "/api/models/{modelId}/load", "models" },
        { "/api/v1/models", "models" },
        { "/api/workers/{id}/drain", "workers" },
        { "/api/status", "system" },
        { "/api/health", "system" },
        { "/api/system/restart", "system" },
        { "/", "system" },
        { "/api/events", "events" },
        { "/api/queue/job/{jobId}/events", "events" },
        { "/api/estimate", "generate" },
        { "/api/image/info", "image" },
        { "/sdapi/v1/txt2img", "a1111" },
        { "/queue/status", "a1111" },
        { "/v1/images/generations", "openai" },
        { "/api/brand-new-area/x", "brand-new-area" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void Each_route_gets_its_area(string route, string tag) => Assert.Equal(tag, ApiTags.For(route));
}
