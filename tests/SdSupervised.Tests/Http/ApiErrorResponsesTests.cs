using SdSupervised.Supervisor.Hosting.Http.OpenApi;

namespace SdSupervised.Tests.Http;

public sealed class ApiErrorResponsesTests
{
    private static string Codes(IReadOnlyList<(int Status, string Description)> list) => string.Join(",", list.Select(e => e.Status));

    [Fact]
    public void A_json_submit_documents_every_error_it_can_get() =>
        Assert.Equal("400,413,415,429,500,507", Codes(ApiErrorResponses.For(hasInput: true, hasPathParameters: false, hasBody: true, requiresJson: true, queuesJobs: true)));

    [Fact]
    public void A_get_by_id_documents_400_404_and_500() =>
        Assert.Equal("400,404,500", Codes(ApiErrorResponses.For(hasInput: true, hasPathParameters: true, hasBody: false, requiresJson: false, queuesJobs: false)));

    [Fact]
    public void A_multipart_body_is_size_limited_but_never_415() =>
        Assert.Equal("400,413,500", Codes(ApiErrorResponses.For(hasInput: true, hasPathParameters: false, hasBody: true, requiresJson: false, queuesJobs: false)));

    [Fact]
    public void Compatibility_routes_get_only_what_the_http_layer_writes() =>
        Assert.Equal("413,500", Codes(ApiErrorResponses.For(hasInput: true, hasPathParameters: true, hasBody: true, requiresJson: true, queuesJobs: true, compatibility: true)));
}
