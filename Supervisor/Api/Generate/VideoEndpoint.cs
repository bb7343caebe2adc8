using FastEndpoints;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Generation.Video;
using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary><c>POST /api/generate/video</c>: queue a Wan video job (T2V, I2V, FLF2V, Wan 2.2 A14B pairs).</summary>
public sealed class VideoEndpoint(VideoSubmissionService videos, ImageInputReader images) : Endpoint<VideoRequest, SubmitJobResponse>
{
    public override void Configure()
    {
        Post("/generate/video");
        Group<ApiGroup>();
        Summary(s =>
        {
            s.Summary = "Queue a video generation job (Wan)";
            s.Description = "Returns 202 with the job id; the finished job's outputs are video.mp4 (H.264, yuv420p) and video.png (the first frame). "
                + "400 for bad fields, 422 when the model is not a video model or lacks what it needs (init_image, end_image, clip_vision, the Wan 2.2 high-noise partner) or ffmpeg is missing.";
            s.Response<SubmitJobResponse>(StatusCodes.Status202Accepted, "queued");
        });
    }

    public override async Task HandleAsync(VideoRequest req, CancellationToken ct)
    {
        var read = new RequestImages(images);
        if (!await read.ReadAsync("init_image", req.InitImage, ct) || !await read.ReadAsync("end_image", req.EndImage, ct))
        {
            var (field, error) = read.Failure!.Value;
            await Send.ResultAsync(SubmitResults.BadImage(field, error));
            return;
        }
        var draft = new VideoDraft
        {
            Parameters = req.ToParameters(),
            HighNoiseModel = req.HighNoiseModel,
            InitImage = read["init_image"],
            EndImage = read["end_image"],
        };
        var submitted = await videos.SubmitAsync(draft, ct);
        if (!submitted.Accepted)
        {
            await Send.ResultAsync(SubmitResults.Refused(HttpContext, submitted.Error!));
            return;
        }
        var job = submitted.Job!;
        await Send.ResponseAsync(new SubmitJobResponse(job.Job.Id, job.Job.Status, job.Position) { IgnoredFields = Hosting.Http.IgnoredFields.Of(HttpContext) }, StatusCodes.Status202Accepted, ct);
    }
}
