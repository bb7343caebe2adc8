using FastEndpoints;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Compat.OpenAI;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Api.OpenAI;

/// <summary>
/// <c>POST /v1/images/generations</c>, OpenAI's create-image call: waits for the job and answers its images. The body is
/// read here, not bound, so that every refusal has OpenAI's error shape. An <c>Authorization</c> header is ignored.
/// </summary>
public sealed class CreateImageEndpoint(OpenAIImageService images, IOptions<SupervisorOptions> options) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/images/generations");
        Group<OpenAIGroup>();
        // The body is read by OpenAIJsonBody whatever its content type, so a wrong one is a 400 in OpenAI's shape.
        Description(b => b.ClearDefaultAccepts().WithMetadata(new Hosting.Http.OpenApi.RequestBodyMetadata(typeof(OpenAIImageGenerationBody))).Produces<OpenAIImagesResponse>(StatusCodes.Status200OK).WithMetadata(new Hosting.Http.OpenApi.SubmitsJobsMetadata(Waits: true)));
        Summary(s =>
        {
            s.Summary = "OpenAI-compatible image generation";
            s.Description = "OpenAI's images API (prompt, n, size, model, response_format, output_format, output_compression) plus the " +
                            "extensions negative_prompt, steps, seed and cfg_scale. Waits for the job (Sds:SyncWaitSeconds).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var body = await OpenAIJsonBody.ReadAsync(HttpContext.Request.Body, ct);
        if (body.Failure is { } malformed)
        {
            await Send.ResultAsync(OpenAIResponses.Error(HttpContext, malformed));
            return;
        }
        var fields = new OpenAIJsonFields(body.Value);
        var request = OpenAIImageRequestReader.Read(fields, options.Value.Limits);
        if (request.Failure is { } invalid)
        {
            await Send.ResultAsync(OpenAIResponses.Error(HttpContext, invalid));
            return;
        }
        Hosting.Http.IgnoredFields.Report(HttpContext, fields.Unread());
        var result = await images.GenerateAsync(request.Value!, OpenAIResponses.BaseUrl(HttpContext.Request), ct);
        await Send.ResultAsync(OpenAIResponses.From(HttpContext, result));
    }
}
