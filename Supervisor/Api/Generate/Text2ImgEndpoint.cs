using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api.Models;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Api.Generate;

/// <summary>Body of <c>POST /api/generate/text2img</c> (the seed's fields).</summary>
public sealed class Text2ImgRequest
{
    public string? Prompt { get; set; }
    public string? NegativePrompt { get; set; }
    public int Width { get; set; } = 512;
    public int Height { get; set; } = 512;
    public int Steps { get; set; } = 20;
    public float CfgScale { get; set; } = 7.0f;
    public string? SamplingMethod { get; set; }
    public string? Scheduler { get; set; }
    [JsonConverter(typeof(SeedJsonConverter))]
    public long Seed { get; set; } = -1;
    public int BatchCount { get; set; } = 1;
    public string? Model { get; set; }
    public int ClipSkip { get; set; } = -1;
    public string? Fault { get; set; }
    public int? FaultAttempts { get; set; }
    public int FaultStep { get; set; } = 1;

    public GenerationParameters ToParameters() => new()
    {
        Prompt = Prompt!.Trim(),
        NegativePrompt = NegativePrompt?.Trim() ?? "",
        Width = Width,
        Height = Height,
        Steps = Steps,
        CfgScale = CfgScale,
        SamplingMethod = string.IsNullOrWhiteSpace(SamplingMethod) ? null : SamplingMethod.Trim(),
        Scheduler = string.IsNullOrWhiteSpace(Scheduler) ? null : Scheduler.Trim(),
        Seed = Seed,
        BatchCount = BatchCount,
        Model = string.IsNullOrWhiteSpace(Model) ? null : Model.Trim(),
        ClipSkip = ClipSkip,
        Fault = Fault,
        FaultAttempts = Fault is null ? null : FaultAttempts,
        FaultStep = FaultStep,
    };
}

public sealed record SubmitJobResponse(string JobId, JobStatus Status, int? Position);

public sealed class Text2ImgValidator : Validator<Text2ImgRequest>
{
    public Text2ImgValidator(IOptions<SupervisorOptions> options)
    {
        var limits = options.Value.Limits;
        var allowFaults = options.Value.AllowFaultInjection;

        RuleFor(r => r.Prompt).Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("prompt is required and must not be empty.")
            .MaximumLength(limits.MaxPromptLength).WithMessage($"prompt is longer than {limits.MaxPromptLength} characters.");
        RuleFor(r => r.NegativePrompt).MaximumLength(limits.MaxPromptLength).WithMessage($"negative_prompt is longer than {limits.MaxPromptLength} characters.");
        RuleFor(r => r.Width).Must(v => InRangeMultipleOf8(v, limits)).WithMessage(r => SizeMessage("width", r.Width, limits));
        RuleFor(r => r.Height).Must(v => InRangeMultipleOf8(v, limits)).WithMessage(r => SizeMessage("height", r.Height, limits));
        RuleFor(r => r.Steps).InclusiveBetween(1, limits.MaxSteps).WithMessage(r => $"steps must be between 1 and {limits.MaxSteps} (got {r.Steps}).");
        RuleFor(r => r.BatchCount).InclusiveBetween(1, limits.MaxBatch).WithMessage(r => $"batch_count must be between 1 and {limits.MaxBatch} (got {r.BatchCount}).");
        RuleFor(r => r.CfgScale).Must(c => float.IsFinite(c) && c is >= Text2ImgParameterTable.CfgScaleMin and <= Text2ImgParameterTable.CfgScaleMax)
            .WithMessage($"cfg_scale must be between {Text2ImgParameterTable.CfgScaleMin} and {Text2ImgParameterTable.CfgScaleMax}.");
        RuleFor(r => r.ClipSkip).InclusiveBetween(Text2ImgParameterTable.ClipSkipMin, Text2ImgParameterTable.ClipSkipMax)
            .WithMessage($"clip_skip must be -1 (model default) or between 0 and {Text2ImgParameterTable.ClipSkipMax}.");
        RuleFor(r => r.Seed).GreaterThanOrEqualTo(-1).WithMessage("seed must be -1 (random) or a non-negative integer.");
        RuleFor(r => r.SamplingMethod)
            .Must(s => string.IsNullOrWhiteSpace(s) || SamplerNames.SamplingMethods.Contains(s.Trim()))
            .WithMessage(r => $"sampling_method '{r.SamplingMethod}' is not one of: {string.Join(", ", SamplerNames.SamplingMethods)}.");
        RuleFor(r => r.Scheduler)
            .Must(s => string.IsNullOrWhiteSpace(s) || SamplerNames.Schedulers.Contains(s.Trim()))
            .WithMessage(r => $"scheduler '{r.Scheduler}' is not one of: {string.Join(", ", SamplerNames.Schedulers)}.");
        RuleFor(r => r.Model).MaximumLength(Text2ImgParameterTable.ModelNameMaxLength)
            .WithMessage(r => $"model names are at most {Text2ImgParameterTable.ModelNameMaxLength} characters (got {r.Model!.Length}).");

        When(r => r.Fault is not null, () =>
        {
            RuleFor(r => r.Fault).Must(_ => allowFaults)
                .WithMessage("fault injection is disabled on this server (start it with --allow-fault-injection to test failures).");
            RuleFor(r => r.Fault).Must(f => FaultNames.All.ContainsKey(f!))
                .WithMessage(r => $"fault '{r.Fault}' is not one of: {string.Join(", ", FaultNames.All.Keys)}.");
            RuleFor(r => r.FaultAttempts).GreaterThanOrEqualTo(1).When(r => r.FaultAttempts is not null)
                .WithMessage("fault_attempts must be at least 1.");
            RuleFor(r => r.FaultStep).Must((r, step) => step >= 1 && step <= r.Steps)
                .WithMessage(r => $"fault_step must be between 1 and steps ({r.Steps}).");
        });
        When(r => r.Fault is null, () =>
        {
            RuleFor(r => r.FaultAttempts).Null().WithMessage("fault_attempts needs fault.");
        });
    }

    private static bool InRangeMultipleOf8(int value, LimitsOptions limits) =>
        value >= limits.MinSize && value <= limits.MaxSize && value % Text2ImgParameterTable.SizeMultiple == 0;

    private static string SizeMessage(string field, int value, LimitsOptions limits) =>
        $"{field} must be a multiple of {Text2ImgParameterTable.SizeMultiple} between {limits.MinSize} and {limits.MaxSize} (got {value}).";
}

/// <summary><c>POST /api/generate/text2img</c>: queue a text-to-image job.</summary>
public sealed class Text2ImgEndpoint(JobService jobs, Text2ImgPreparer preparer) : Endpoint<Text2ImgRequest, SubmitJobResponse>
{
    public override void Configure()
    {
        Post("/api/generate/text2img");
        AllowAnonymous();
        Summary(s =>
        {
            s.Summary = "Queue a text-to-image job";
            s.Description = "Returns 202 with the job id and its place in the queue; poll /api/queue/job/{job_id}.";
        });
    }

    public override async Task HandleAsync(Text2ImgRequest req, CancellationToken ct)
    {
        var prepared = await preparer.PrepareAsync(req.ToParameters(), ct);
        if (!prepared.Accepted)
        {
            await Send.ResultAsync(ModelApiResults.InvalidField(prepared.Field!, prepared.Error!));
            return;
        }
        var job = await jobs.SubmitAsync(prepared.Parameters!, ct);
        await Send.ResponseAsync(new SubmitJobResponse(job.Job.Id, job.Job.Status, job.Position), StatusCodes.Status202Accepted, ct);
    }
}
