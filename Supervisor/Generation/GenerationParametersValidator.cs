using FluentValidation;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// The one set of rules for generation parameters, whichever API family sent them. Property names are the seed API's
/// field names, so a refusal names the field as the client spelled it there.
/// </summary>
public sealed class GenerationParametersValidator : AbstractValidator<GenerationParameters>
{
    public const float StrengthMax = 1;
    public const float ControlStrengthMax = 2;
    public const float LoraWeightLimit = 10;
    public const int MaxLoras = 16;
    public const float HiresScaleMax = 4;
    /// <summary>PhotoMaker's style strength is a percentage of the steps.</summary>
    public const float PmStyleStrengthMax = 100;
    /// <summary>Root context key: validating for a client that may send an empty prompt (A1111).</summary>
    public const string AllowEmptyPrompt = "allow_empty_prompt";

    public GenerationParametersValidator(IOptions<SupervisorOptions> options)
    {
        var limits = options.Value.Limits;
        var allowFaults = options.Value.AllowFaultInjection;

        RuleFor(r => r.Prompt).Must((_, p, context) => !string.IsNullOrWhiteSpace(p) || context.RootContextData.ContainsKey(AllowEmptyPrompt))
            .WithMessage("prompt is required and must not be empty.")
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
            .Must(s => s is null || SamplerNames.SamplingMethods.Contains(s))
            .WithMessage(r => $"sampling_method '{r.SamplingMethod}' is not one of: {string.Join(", ", SamplerNames.SamplingMethods)}.");
        RuleFor(r => r.Scheduler)
            .Must(s => s is null || SamplerNames.Schedulers.Contains(s))
            .WithMessage(r => $"scheduler '{r.Scheduler}' is not one of: {string.Join(", ", SamplerNames.Schedulers)}.");
        RuleFor(r => r.Model).MaximumLength(Text2ImgParameterTable.ModelNameMaxLength)
            .WithMessage(r => $"model names are at most {Text2ImgParameterTable.ModelNameMaxLength} characters (got {r.Model!.Length}).");
        RuleFor(r => r.Vae).MaximumLength(Text2ImgParameterTable.ModelNameMaxLength).OverridePropertyName("vae_model")
            .WithMessage(r => $"vae_model names are at most {Text2ImgParameterTable.ModelNameMaxLength} characters (got {r.Vae!.Length}).");
        RuleFor(r => r.ControlNet).MaximumLength(Text2ImgParameterTable.ModelNameMaxLength).OverridePropertyName("control_net_model")
            .WithMessage(r => $"control_net_model names are at most {Text2ImgParameterTable.ModelNameMaxLength} characters (got {r.ControlNet!.Length}).");

        RuleFor(r => r.Strength).Must(s => s is null || (float.IsFinite(s.Value) && s is >= 0 and <= StrengthMax))
            .WithMessage(r => $"strength must be between 0 and {StrengthMax} (got {r.Strength}).");
        RuleFor(r => r.ControlStrength).Must(s => s is null || (float.IsFinite(s.Value) && s is >= 0 and <= ControlStrengthMax))
            .WithMessage(r => $"control_strength must be between 0 and {ControlStrengthMax} (got {r.ControlStrength}).");
        RuleFor(r => r.Loras).Must(l => l.Count <= MaxLoras).WithMessage(r => $"at most {MaxLoras} LoRAs per job (got {r.Loras.Count}).");
        RuleForEach(r => r.Loras).Must(l => !string.IsNullOrWhiteSpace(l.Name) && float.IsFinite(l.Weight) && Math.Abs(l.Weight) <= LoraWeightLimit)
            .OverridePropertyName("loras")
            .WithMessage((_, l) => $"LoRA '{l.Name}' needs a name and a weight between -{LoraWeightLimit} and {LoraWeightLimit} (got {l.Weight}).");

        When(r => r.Hires is not null, () =>
        {
            RuleFor(r => r.Hires!.Scale).Must(s => s is null || (float.IsFinite(s.Value) && s is >= 1 and <= HiresScaleMax)).OverridePropertyName("hires.scale")
                .WithMessage(r => $"hires scale must be between 1 and {HiresScaleMax} (got {r.Hires!.Scale}).");
            RuleFor(r => r.Hires!.Width).Must(v => v is null || InRangeMultipleOf8(v.Value, limits)).OverridePropertyName("hires.width")
                .WithMessage(r => SizeMessage("hires width", r.Hires!.Width ?? 0, limits));
            RuleFor(r => r.Hires!.Height).Must(v => v is null || InRangeMultipleOf8(v.Value, limits)).OverridePropertyName("hires.height")
                .WithMessage(r => SizeMessage("hires height", r.Hires!.Height ?? 0, limits));
            RuleFor(r => r.Hires!.Steps).Must(v => v is null || (v >= 1 && v <= limits.MaxSteps)).OverridePropertyName("hires.steps")
                .WithMessage(r => $"hires steps must be between 1 and {limits.MaxSteps} (got {r.Hires!.Steps}).");
            RuleFor(r => r.Hires!.DenoisingStrength).Must(s => s is null || (float.IsFinite(s.Value) && s is >= 0 and <= 1)).OverridePropertyName("hires.denoising_strength")
                .WithMessage(r => $"hires denoising strength must be between 0 and 1 (got {r.Hires!.DenoisingStrength}).");
            RuleFor(r => r).Must(r => HiresSize(r) is var (w, h) && w <= limits.MaxSize && h <= limits.MaxSize).OverridePropertyName("hires")
                .WithMessage(r => $"the hires fix would make {HiresSize(r).Width}x{HiresSize(r).Height}, larger than the {limits.MaxSize} px limit.");
        });

        RuleFor(r => r.Photomaker).MaximumLength(Text2ImgParameterTable.ModelNameMaxLength)
            .WithMessage(r => $"photomaker names are at most {Text2ImgParameterTable.ModelNameMaxLength} characters (got {r.Photomaker!.Length}).");
        RuleFor(r => r.PmStyleStrength).Must(s => s is null || (float.IsFinite(s.Value) && s is >= 0 and <= PmStyleStrengthMax))
            .WithMessage(r => $"pm_style_strength must be between 0 and {PmStyleStrengthMax} (got {r.PmStyleStrength}).");
        RuleFor(r => r.PmIdEmbedPath).MaximumLength(Models.ModelReference.MaxLength)
            .WithMessage($"pm_id_embed_path is at most {Models.ModelReference.MaxLength} characters.");
        RuleFor(r => r.ControlPreprocess).Must(c => c is null || ControlPreprocessors.Contains(c))
            .WithMessage(r => $"control_preprocess '{r.ControlPreprocess}' is not one of: {string.Join(", ", ControlPreprocessors)}.");
        When(r => r.Canny is not null, () =>
        {
            RuleFor(r => r.Canny!.HighThreshold).Must(UnitOrNull).OverridePropertyName("canny.high_threshold")
                .WithMessage(r => $"canny high_threshold must be between 0 and 1 (got {r.Canny!.HighThreshold}).");
            RuleFor(r => r.Canny!.LowThreshold).Must(UnitOrNull).OverridePropertyName("canny.low_threshold")
                .WithMessage(r => $"canny low_threshold must be between 0 and 1 (got {r.Canny!.LowThreshold}).");
            RuleFor(r => r.Canny!.Weak).Must(UnitOrNull).OverridePropertyName("canny.weak")
                .WithMessage(r => $"canny weak must be between 0 and 1 (got {r.Canny!.Weak}).");
            RuleFor(r => r.Canny!.Strong).Must(UnitOrNull).OverridePropertyName("canny.strong")
                .WithMessage(r => $"canny strong must be between 0 and 1 (got {r.Canny!.Strong}).");
            RuleFor(r => r.Canny).Must(c => (c!.LowThreshold ?? Contracts.CannySpec.DefaultLowThreshold) <= (c.HighThreshold ?? Contracts.CannySpec.DefaultHighThreshold))
                .OverridePropertyName("canny.low_threshold")
                .WithMessage("canny low_threshold must not be above high_threshold (0.08 each when left out).");
        });

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

    /// <summary>The control image preprocessors the library has (<c>preprocess_canny</c>).</summary>
    public static readonly IReadOnlyList<string> ControlPreprocessors = ["canny"];

    private static bool UnitOrNull(float? value) => value is null || (float.IsFinite(value.Value) && value is >= 0 and <= 1);

    /// <summary>The size the second pass renders at: explicit width/height, else the first pass scaled (rounded to 8), else 2x.</summary>
    public static (int Width, int Height) HiresSize(GenerationParameters p)
    {
        var hires = p.Hires!;
        var scale = hires.Scale ?? 2;
        return (hires.Width ?? RoundTo8(p.Width * scale), hires.Height ?? RoundTo8(p.Height * scale));
    }

    private static int RoundTo8(float value) => (int)MathF.Round(value / 8) * 8;

    private static bool InRangeMultipleOf8(int value, LimitsOptions limits) =>
        value >= limits.MinSize && value <= limits.MaxSize && value % Text2ImgParameterTable.SizeMultiple == 0;

    private static string SizeMessage(string field, int value, LimitsOptions limits) =>
        $"{field} must be a multiple of {Text2ImgParameterTable.SizeMultiple} between {limits.MinSize} and {limits.MaxSize} (got {value}).";
}
