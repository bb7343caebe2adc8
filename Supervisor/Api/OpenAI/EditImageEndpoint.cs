using FastEndpoints;
using SdSupervised.Supervisor.Compat.OpenAI;

namespace SdSupervised.Supervisor.Api.OpenAI;

/// <summary>
/// <c>POST /v1/images/edits</c> (multipart/form-data): with a mask (transparent = edit) an inpainting job, without one an
/// img2img job at strength 0.75 (the <c>strength</c> field overrides). Waits for the job like generations.
/// </summary>
public sealed class EditImageEndpoint(OpenAIEditFormReader forms, OpenAIImageService images) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/images/edits");
        Group<OpenAIGroup>();
        // The form is read by OpenAIEditFormReader, not bound. No content-type constraint on the route: a JSON body here
        // must reach the handler and hear "send multipart/form-data" in OpenAI's shape, not match no endpoint at all.
        Description(b => b.ClearDefaultAccepts().WithMetadata(new Hosting.Http.OpenApi.RequestBodyMetadata(typeof(OpenAIImageEditForm), "multipart/form-data")).Produces<OpenAIImagesResponse>(StatusCodes.Status200OK).WithMetadata(new Hosting.Http.OpenApi.SubmitsJobsMetadata(Waits: true)));
        Summary(s =>
        {
            s.Summary = "OpenAI-compatible image edit";
            s.Description = "Form fields: image (or image[]; the first is used), mask (optional, OpenAI style: transparent = repaint), " +
                            "prompt, n, size, model, response_format, output_format, output_compression, and the extensions " +
                            "negative_prompt, steps, seed, cfg_scale, strength.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var input = await forms.ReadAsync(HttpContext.Request, ct);
        if (input.Failure is { } invalid)
        {
            await Send.ResultAsync(OpenAIResponses.Error(HttpContext, invalid));
            return;
        }
        var (request, image, mask) = input.Value!;
        var result = await images.EditAsync(request, image, mask, OpenAIResponses.BaseUrl(HttpContext.Request), ct);
        await Send.ResultAsync(OpenAIResponses.From(HttpContext, result));
    }
}
