using SdSupervised.Supervisor.Hosting.Http.OpenApi;

namespace SdSupervised.Tests.Http;

public sealed class RouteTemplateTests
{
    [Theory]
    [InlineData("api/queue/job/{jobId}", "/api/queue/job/{jobId}", "jobId")]
    [InlineData("/api/models/{modelId:minlength(1)}/load", "/api/models/{modelId}/load", "modelId")]
    [InlineData("/files/{**path}", "/files/{path}", "path")]
    [InlineData("/a/{id:int?}/{name=x}", "/a/{id}/{name}", "id,name")]
    [InlineData("/api/status", "/api/status", "")]
    public void Parameters_lose_constraints_defaults_and_catch_all_marks(string template, string path, string names)
    {
        Assert.Equal(path, RouteTemplate.ToOpenApiPath(template));
        Assert.Equal(names, string.Join(",", RouteTemplate.ParameterNames(template)));
    }
}
