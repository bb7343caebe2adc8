using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Images;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><c>POST /api/generate/controlnet</c>: a generation conditioned by <c>control_image</c> through <c>control_net_model</c>.</summary>
public sealed class ControlNetEndpoint(GenerationService generation, ImageInputReader images) : SubmitEndpoint<ControlNetRequest>(generation, images)
{
    public override void Configure() => Describe("/generate/controlnet", "Queue a ControlNet job");

    protected override async Task<GenerationDraft?> DraftAsync(ControlNetRequest req, RequestImages read, CancellationToken ct) =>
        await read.ReadAsync("control_image", req.ControlImage, ct) && await read.ReadAsync("init_image", req.InitImage, ct)
            ? new GenerationDraft
            {
                Type = JobType.ControlNet,
                Parameters = req.ToParameters(),
                ControlImage = read["control_image"],
                InitImage = read["init_image"],
            }
            : null;
}
