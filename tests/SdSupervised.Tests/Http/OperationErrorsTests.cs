using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Compat.A1111;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Hosting.Http;
using SdSupervised.Supervisor.Hosting.Http.OpenApi;

namespace SdSupervised.Tests.Http;

public sealed class OperationErrorsTests
{
    private static string Codes(OperationShape shape) => string.Join(",", OperationErrors.For(shape).Select(e => e.Status));

    private static OperationShape Shape(ApiFamily family = ApiFamily.Seed, bool input = false, bool path = false, bool body = false, bool json = false,
        bool submits = false, bool waits = false, bool protect = false) => new(family, input, path, body, json, submits, waits, protect);

    [Fact]
    public void A_seed_json_submit_documents_every_refusal_it_can_get() =>
        Assert.Equal("400,401,403,413,415,422,429,500,503,507", Codes(Shape(input: true, body: true, json: true, submits: true, protect: true)));

    [Fact]
    public void A_public_lookup_by_id_documents_400_404_and_500() =>
        Assert.Equal("400,404,500", Codes(Shape(input: true, path: true)));

    [Fact]
    public void A1111_answers_bad_input_422_and_a_waited_job_409_and_504() =>
        Assert.Equal("401,403,409,413,422,429,500,503,504,507", Codes(Shape(ApiFamily.A1111, input: true, body: true, submits: true, waits: true, protect: true)));

    [Fact]
    public void OpenAI_documents_400_for_bad_input_and_415_for_a_wrong_content_type() =>
        Assert.Equal("400,401,403,409,413,415,422,429,500,503,504,507", Codes(Shape(ApiFamily.OpenAI, input: true, body: true, submits: true, waits: true, protect: true)));

    [Fact]
    public void Each_family_has_its_own_error_body() =>
        Assert.Equal([typeof(ApiError), typeof(A1111ErrorBody), typeof(OpenAIErrorBody)],
            new[] { ApiFamily.Seed, ApiFamily.A1111, ApiFamily.OpenAI }.Select(OperationErrors.BodyOf));
}
