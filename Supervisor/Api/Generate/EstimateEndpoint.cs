using FastEndpoints;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>Body of <c>POST /api/estimate</c>: a generation request (images not needed) and its mode.</summary>
public sealed class EstimateRequest : GenerationRequest
{
    /// <summary>text2img (default), img2img, inpainting or controlnet.</summary>
    public string? Mode { get; set; }
    public float? Strength { get; set; }

    public override GenerationParameters ToParameters() => base.ToParameters() with { Strength = Strength };
}

/// <summary>
/// <c>POST /api/estimate</c>: how long a job would take and how much memory it needs, from the request's size, steps
/// and model and this server's measured history (see <see cref="JobEstimator"/>). Invalid requests get submit's 400.
/// </summary>
public sealed class EstimateEndpoint(GenerationService generation, JobEstimator estimator) : Endpoint<EstimateRequest, GenerationEstimate>
{
    private static readonly Dictionary<string, JobType> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text2img"] = JobType.Text2Img,
        ["img2img"] = JobType.Img2Img,
        ["inpainting"] = JobType.Inpainting,
        ["controlnet"] = JobType.ControlNet,
    };

    public override void Configure()
    {
        Post("/estimate");
        Group<ApiGroup>();
        Summary(s => s.Summary = "Estimate a generation's time and memory");
    }

    public override async Task HandleAsync(EstimateRequest req, CancellationToken ct)
    {
        if (!Modes.TryGetValue(req.Mode ?? "text2img", out var mode))
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, new SubmitError(RefusalKind.Invalid, "validation_failed",
                $"mode: mode '{req.Mode}' is not one of: {string.Join(", ", Modes.Keys)}.",
                new Dictionary<string, string[]> { ["mode"] = [$"mode '{req.Mode}' is not one of: {string.Join(", ", Modes.Keys)}."] })));
            return;
        }
        // Checked as text2img: the estimate needs no images, and every number is checked the same way.
        var (prepared, error) = await generation.PrepareAsync(new GenerationDraft { Type = JobType.Text2Img, Parameters = req.ToParameters() }, ct);
        if (error is not null)
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, error));
            return;
        }
        await Send.OkAsync(await estimator.EstimateAsync(mode, prepared!.Parameters, ct), ct);
    }
}
