using FastEndpoints;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><see cref="Params"/> is the request as a job would store it; a random seed stays -1 (it is drawn when queued).</summary>
public sealed record ValidateResponse(bool Valid, GenerationParameters Params);

/// <summary>
/// <c>POST /api/validate</c>: a text2img body checked exactly as submit checks it (<see cref="GenerationService.PrepareAsync"/>),
/// without queueing anything. A refusal is the same 400 submit would give.
/// </summary>
public sealed class ValidateEndpoint(GenerationService generation) : Endpoint<Text2ImgRequest, ValidateResponse>
{
    public override void Configure()
    {
        Post("/validate");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Validate a text2img request without queueing it");
    }

    public override async Task HandleAsync(Text2ImgRequest req, CancellationToken ct)
    {
        var (prepared, error) = await generation.PrepareAsync(new GenerationDraft { Type = JobType.Text2Img, Parameters = req.ToParameters() }, ct);
        if (error is not null)
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, error));
            return;
        }
        await Send.OkAsync(new ValidateResponse(true, prepared!.Parameters), ct);
    }
}
