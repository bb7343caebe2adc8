using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Models;
using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Outputs;

namespace SdSupervised.Supervisor.Generation.Video;

/// <summary>
/// Queues a video job: the field checks (400), then the model's needs from the catalog (422), the encoder (422
/// <c>video_encoder_missing</c> without ffmpeg), then the queue, storing the init/end frames once the job has its place.
/// </summary>
public sealed class VideoSubmissionService(
    ModelCatalog catalog,
    CompanionModelLookup companions,
    InputImageStore inputs,
    SubmitAdmission admission,
    JobService jobs,
    IVideoEncoder encoder,
    JobPlacement placement,
    IOptions<VideoOptions> options,
    IOptions<SupervisorOptions> supervisor,
    Auth.IRequester requester)
{
    public async Task<SubmitResult> SubmitAsync(VideoDraft draft, CancellationToken cancellationToken)
    {
        draft = Normalise(draft);
        var fieldErrors = VideoRequestValidator.CheckFields(draft, options.Value, supervisor.Value.AllowFaultInjection);
        admission.CheckGuestLimits(draft.Parameters.Width, draft.Parameters.Height, draft.Parameters.TotalSteps, 1,
            (field, message) => (fieldErrors.TryGetValue(field, out var list) ? list : fieldErrors[field] = []).Add(message));
        if (fieldErrors.Count > 0)
            return Refused(RefusalKind.Invalid, "validation_failed", fieldErrors);

        var facts = await FactsAsync(draft, cancellationToken);
        var modelErrors = VideoRequestValidator.CheckModel(draft, facts);
        var p = draft.Parameters with { Model = facts.ModelId ?? draft.Parameters.Model, HighNoiseModel = facts.HighNoisePartner };
        if (modelErrors.Count == 0)
            p = await ResolveCompanionsAsync(p, modelErrors, cancellationToken);
        if (modelErrors.Count > 0)
            return Refused(RefusalKind.Unprocessable, "video_model_unusable", modelErrors);
        // A video no slot can ever hold (its model pinned away from every slot, or larger than every device) is refused now, not queued.
        if (placement.Refusal(p.Model, JobEstimator.VideoMemoryBytes(catalog.Current, p)) is { } unplaceable)
            return new SubmitResult(null, unplaceable);

        var status = (await encoder.StatusAsync(cancellationToken)).WithFallback(options.Value.Fallback);
        if (!status.CanEncode)
            return new SubmitResult(null, new SubmitError(RefusalKind.Unprocessable, "video_encoder_missing",
                $"video jobs need ffmpeg to encode the MP4, and it is not available: {status.Reason ?? "not found"} (install Debian's ffmpeg package or set Sds:Video:Ffmpeg, or set Sds:Video:Fallback to gif for animated GIFs); GET /api/system shows the encoder."));
        if (admission.Refusal() is { } refusal)
            return new SubmitResult(null, refusal);

        var owner = requester.Current?.Owner;
        var outcome = await jobs.SubmitAsync(jobs.NewJob(JobType.Video, p), async (job, ct) =>
        {
            var stored = p with { Owner = owner, Seed = p.Seed < 0 ? Random.Shared.NextInt64(0, uint.MaxValue) : p.Seed };
            if (draft.InitImage is { } init)
                stored = stored with { InitImage = await inputs.SaveAsync(job.Id, "init", Fit(init, p), ct) };
            if (draft.EndImage is { } end)
                stored = stored with { EndImage = await inputs.SaveAsync(job.Id, "end", Fit(end, p), ct) };
            return job with { Request = stored };
        }, cancellationToken);
        return outcome.QueueFull is { } queueFull
            ? new SubmitResult(null, SubmitError.QueueFull(queueFull))
            : new SubmitResult(outcome.Job, null);
    }

    /// <summary>The catalog's view of the model: its id and architecture, its Wan 2.2 partner, whether a CLIP vision encoder is there.</summary>
    private async Task<VideoModelFacts> FactsAsync(VideoDraft draft, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.WhenReadyAsync(cancellationToken);
        var hasClipVision = snapshot.Entries.Any(e => e.IsValid && e.Type == ModelType.ClipVision);
        var lookup = snapshot.Find(draft.Parameters.Model);
        if (lookup.Status != ModelLookupStatus.Found || lookup.Entry is not { } entry)
            return new VideoModelFacts(null, ModelArchitecture.Unknown, lookup.Message, null, hasClipVision);
        var architecture = entry.Detection.Architecture;
        var facts = new VideoModelFacts(entry.Id, architecture, null, null, hasClipVision);
        if (!facts.IsVideoModel)
            return facts;
        if (CompanionResolver.BuildSpec(entry, out var error) is null && !(facts.NeedsClipVision && !hasClipVision))
            return facts with { Error = error };
        if (facts.IsWan22Pair)
            facts = facts with { HighNoisePartner = HighNoisePartner(snapshot, entry, draft.HighNoiseModel) };
        return facts;
    }

    /// <summary>The named high-noise expert, or the one beside the low-noise model (same architecture, the name with high for low).</summary>
    private static string? HighNoisePartner(CatalogSnapshot snapshot, ModelEntry low, string? named)
    {
        static bool IsHigh(ModelEntry e) => e.Detection.Notes.Contains("high-noise expert");
        if (named is not null)
            return snapshot.Find(named) is { Status: ModelLookupStatus.Found, Entry: { } e } && IsHigh(e) && e.Detection.Architecture == low.Detection.Architecture ? e.Id : null;
        var candidates = snapshot.Entries.Where(e => e.IsValid && e.Id != low.Id && IsHigh(e) && e.Detection.Architecture == low.Detection.Architecture).ToList();
        var mirrored = low.Name.Replace("low_noise", "high_noise", StringComparison.OrdinalIgnoreCase).Replace("lownoise", "highnoise", StringComparison.OrdinalIgnoreCase);
        return candidates.FirstOrDefault(e => string.Equals(e.Name, mirrored, StringComparison.OrdinalIgnoreCase))?.Id
            ?? (candidates.Count == 1 ? candidates[0].Id : null);
    }

    private async Task<VideoParameters> ResolveCompanionsAsync(VideoParameters p, Dictionary<string, List<string>> errors, CancellationToken cancellationToken)
    {
        void Add(string field, string message) => (errors.TryGetValue(field, out var l) ? l : errors[field] = []).Add(message);
        async Task<List<LoraUse>> LorasAsync(IEnumerable<LoraUse> loras, string field)
        {
            var found = new List<LoraUse>();
            foreach (var lora in loras)
            {
                var (entry, error) = await companions.FindAsync(lora.Name, CompanionUse.Lora, cancellationToken);
                if (error is not null)
                    Add(field, error);
                else if (entry is not null)
                    found.Add(lora with { Name = entry.Id });
            }
            return found;
        }
        string? vae = null;
        if (p.Vae is { } name)
        {
            var (entry, error) = await companions.FindAsync(name, CompanionUse.Vae, cancellationToken);
            if (error is not null)
                Add("vae", error);
            vae = entry?.Id;
        }
        return p with { Vae = vae, Loras = await LorasAsync(p.Loras, "loras"), HighNoiseLoras = await LorasAsync(p.HighNoiseLoras, "high_noise_loras") };
    }

    private static VideoDraft Normalise(VideoDraft d) => d with
    {
        HighNoiseModel = Blank(d.HighNoiseModel),
        Parameters = d.Parameters with
        {
            Prompt = d.Parameters.Prompt?.Trim() ?? "",
            NegativePrompt = d.Parameters.NegativePrompt?.Trim() ?? "",
            Model = d.Parameters.Model?.Trim() ?? "",
            Vae = Blank(d.Parameters.Vae),
            SamplingMethod = Blank(d.Parameters.SamplingMethod),
            Scheduler = Blank(d.Parameters.Scheduler),
            Loras = d.Parameters.Loras ?? [],
            HighNoiseLoras = d.Parameters.HighNoiseLoras ?? [],
        },
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static Images.DecodedImage Fit(Images.DecodedImage image, VideoParameters p) =>
        image.Width == p.Width && image.Height == p.Height ? image : Images.ImageCodec.Resize(image, p.Width, p.Height);

    private static SubmitResult Refused(RefusalKind kind, string code, Dictionary<string, List<string>> errors)
    {
        var byField = errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray());
        return new SubmitResult(null, new SubmitError(kind, code, string.Join(" ", byField.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), byField));
    }
}
