using FluentValidation.Results;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Tests.Supervisor;

/// <summary>The shared generation rules, fed the way submit feeds them: a seed request's parameters, normalised.</summary>
public sealed class GenerationParametersValidatorTests
{
    private static GenerationParameters Prepared(Text2ImgRequest request) => GenerationService.Normalise(request.ToParameters());

    private static GenerationParametersValidator Validator(bool allowFaults = false, Action<LimitsOptions>? limits = null)
    {
        var options = new SupervisorOptions { AllowFaultInjection = allowFaults };
        limits?.Invoke(options.Limits);
        return new GenerationParametersValidator(Options.Create(options));
    }

    private static Text2ImgRequest Valid() => new() { Prompt = "a lighthouse at dusk" };

    private static ValidationResult Validate(Text2ImgRequest request, bool allowFaults = false) =>
        Validator(allowFaults).Validate(Prepared(request));

    private static void AssertOnlyError(ValidationResult result, string property, string fragment)
    {
        Assert.False(result.IsValid, "expected a validation error");
        var error = Assert.Single(result.Errors);
        Assert.Equal(property, error.PropertyName);
        Assert.Contains(fragment, error.ErrorMessage);
    }

    [Fact]
    public void Default_request_with_a_prompt_is_valid()
    {
        var result = Validate(Valid());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    public static TheoryData<string, Action<Text2ImgRequest>> ValidEdges => new()
    {
        { "smallest size", r => { r.Width = 64; r.Height = 64; } },
        { "largest size", r => { r.Width = 2048; r.Height = 2048; } },
        { "one step", r => r.Steps = 1 },
        { "150 steps", r => r.Steps = 150 },
        { "batch 16", r => r.BatchCount = 16 },
        { "cfg 0", r => r.CfgScale = 0 },
        { "cfg 100", r => r.CfgScale = 100 },
        { "clip skip -1", r => r.ClipSkip = -1 },
        { "clip skip 0", r => r.ClipSkip = 0 },
        { "clip skip 24", r => r.ClipSkip = 24 },
        { "seed -1", r => r.Seed = -1 },
        { "seed 0", r => r.Seed = 0 },
        { "seed max", r => r.Seed = long.MaxValue },
        { "sampler with spaces around", r => r.SamplingMethod = "  euler_a " },
        { "blank sampler means default", r => r.SamplingMethod = " " },
        { "blank scheduler means default", r => r.Scheduler = "" },
        { "model name", r => r.Model = "sd_xl_base_1.0.safetensors" },
        { "model name 512 characters", r => r.Model = new string('m', 512) },
        { "prompt of the maximum length", r => r.Prompt = new string('p', 20_000) },
        { "negative prompt of the maximum length", r => r.NegativePrompt = new string('n', 20_000) },
        { "fault step without fault is ignored", r => r.FaultStep = 999 },
    };

    [Theory]
    [MemberData(nameof(ValidEdges))]
    public void Edge_values_are_accepted(string scenario, Action<Text2ImgRequest> change)
    {
        var request = Valid();
        change(request);

        var result = Validate(request);

        Assert.True(result.IsValid, $"{scenario}: {string.Join("; ", result.Errors)}");
    }

    public static TheoryData<string, Action<Text2ImgRequest>, string, string> InvalidRequests => new()
    {
        { "missing prompt", r => r.Prompt = null, "Prompt", "prompt is required" },
        { "empty prompt", r => r.Prompt = "", "Prompt", "prompt is required" },
        { "blank prompt", r => r.Prompt = " \t\n", "Prompt", "prompt is required" },
        { "prompt too long", r => r.Prompt = new string('p', 20_001), "Prompt", "longer than 20000" },
        { "negative prompt too long", r => r.NegativePrompt = new string('n', 20_001), "NegativePrompt", "negative_prompt is longer than 20000" },
        { "width not a multiple of 8", r => r.Width = 100, "Width", "width must be a multiple of 8 between 64 and 2048 (got 100)" },
        { "width below minimum", r => r.Width = 56, "Width", "(got 56)" },
        { "width above maximum", r => r.Width = 2056, "Width", "(got 2056)" },
        { "width huge", r => r.Width = 100_000, "Width", "(got 100000)" },
        { "width zero", r => r.Width = 0, "Width", "(got 0)" },
        { "width negative", r => r.Width = -512, "Width", "(got -512)" },
        { "height not a multiple of 8", r => r.Height = 513, "Height", "height must be a multiple of 8 between 64 and 2048 (got 513)" },
        { "height above maximum", r => r.Height = 4096, "Height", "(got 4096)" },
        { "zero steps", r => r.Steps = 0, "Steps", "steps must be between 1 and 150 (got 0)" },
        { "too many steps", r => r.Steps = 151, "Steps", "(got 151)" },
        { "zero batch", r => r.BatchCount = 0, "BatchCount", "batch_count must be between 1 and 16 (got 0)" },
        { "batch too large", r => r.BatchCount = 17, "BatchCount", "(got 17)" },
        { "negative cfg", r => r.CfgScale = -0.5f, "CfgScale", "cfg_scale must be between 0 and 100" },
        { "cfg too large", r => r.CfgScale = 100.5f, "CfgScale", "cfg_scale" },
        { "cfg NaN", r => r.CfgScale = float.NaN, "CfgScale", "cfg_scale" },
        { "cfg infinite", r => r.CfgScale = float.PositiveInfinity, "CfgScale", "cfg_scale" },
        { "clip skip -2", r => r.ClipSkip = -2, "ClipSkip", "clip_skip" },
        { "clip skip 25", r => r.ClipSkip = 25, "ClipSkip", "clip_skip" },
        { "seed -2", r => r.Seed = -2, "Seed", "seed must be -1 (random) or a non-negative integer" },
        { "unknown sampler", r => r.SamplingMethod = "euler_b", "SamplingMethod", "sampling_method 'euler_b' is not one of: euler, euler_a" },
        { "sampler in the wrong case", r => r.SamplingMethod = "Euler", "SamplingMethod", "'Euler'" },
        { "unknown scheduler", r => r.Scheduler = "cosine", "Scheduler", "scheduler 'cosine' is not one of: discrete, karras" },
        { "model name too long", r => r.Model = new string('m', 513), "Model", "513" },
        { "fault attempts without fault", r => r.FaultAttempts = 2, "FaultAttempts", "fault_attempts needs fault" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Invalid_field_gives_one_clear_error(string scenario, Action<Text2ImgRequest> change, string property, string fragment)
    {
        var request = Valid();
        change(request);

        var result = Validate(request);

        Assert.False(result.IsValid, $"{scenario}: expected an error");
        AssertOnlyError(result, property, fragment);
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once()
    {
        var request = new Text2ImgRequest { Prompt = "", Width = 100000, Height = 7, Steps = 0, BatchCount = 99 };

        var result = Validate(request);

        Assert.Equal(["BatchCount", "Height", "Prompt", "Steps", "Width"], result.Errors.Select(e => e.PropertyName).Order());
    }

    [Fact]
    public void Size_limits_come_from_options()
    {
        var validator = Validator(limits: l => { l.MinSize = 256; l.MaxSize = 1024; l.MaxSteps = 30; l.MaxBatch = 2; l.MaxPromptLength = 10; });

        var result = validator.Validate(Prepared(new Text2ImgRequest { Prompt = "0123456789a", Width = 128, Height = 1032, Steps = 31, BatchCount = 3 }));

        var messages = result.Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);
        Assert.Equal("width must be a multiple of 8 between 256 and 1024 (got 128).", messages["Width"]);
        Assert.Equal("height must be a multiple of 8 between 256 and 1024 (got 1032).", messages["Height"]);
        Assert.Equal("steps must be between 1 and 30 (got 31).", messages["Steps"]);
        Assert.Equal("batch_count must be between 1 and 2 (got 3).", messages["BatchCount"]);
        Assert.Equal("prompt is longer than 10 characters.", messages["Prompt"]);
        Assert.True(validator.Validate(Prepared(new Text2ImgRequest { Prompt = "0123456789", Width = 1024, Height = 256, Steps = 30, BatchCount = 2 })).IsValid);
    }

    public static TheoryData<string> SamplingMethods => [.. SamplerNames.SamplingMethods];

    public static TheoryData<string> Schedulers => [.. SamplerNames.Schedulers];

    [Theory]
    [MemberData(nameof(SamplingMethods))]
    public void Every_known_sampling_method_is_accepted(string name)
    {
        var request = Valid();
        request.SamplingMethod = name;

        Assert.True(Validate(request).IsValid);
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Every_known_scheduler_is_accepted(string name)
    {
        var request = Valid();
        request.Scheduler = name;

        Assert.True(Validate(request).IsValid);
    }

    [Fact]
    public void Unknown_sampler_error_lists_every_known_name()
    {
        var request = Valid();
        request.SamplingMethod = "bogus";

        var message = Assert.Single(Validate(request).Errors).ErrorMessage;

        Assert.All(SamplerNames.SamplingMethods, name => Assert.Contains(name, message));
    }

    public static TheoryData<string> FaultNamesData => [.. FaultNames.All.Keys];

    [Theory]
    [MemberData(nameof(FaultNamesData))]
    public void Fault_is_rejected_without_fault_injection(string fault)
    {
        var request = Valid();
        request.Fault = fault;

        AssertOnlyError(Validate(request, allowFaults: false), "Fault", "--allow-fault-injection");
    }

    [Theory]
    [MemberData(nameof(FaultNamesData))]
    public void Fault_is_accepted_with_fault_injection(string fault)
    {
        var request = Valid();
        request.Fault = fault;
        request.FaultAttempts = 2;
        request.FaultStep = 20;

        var result = Validate(request, allowFaults: true);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Fault_names_are_the_documented_ones()
    {
        Assert.Equal(["abort", "cuda-error", "cuda-oom", "exit", "fail", "hang", "segv"], FaultNames.All.Keys.Order());
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("SEGV")]
    [InlineData("")]
    public void Unknown_fault_is_rejected_listing_the_known_ones(string fault)
    {
        var request = Valid();
        request.Fault = fault;

        AssertOnlyError(Validate(request, allowFaults: true), "Fault", $"fault '{fault}' is not one of: segv, abort, cuda-oom");
    }

    [Fact]
    public void Unknown_fault_without_the_flag_reports_both_problems()
    {
        var request = Valid();
        request.Fault = "bogus";

        var result = Validate(request, allowFaults: false);

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("Fault", e.PropertyName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fault_attempts_below_one_are_rejected(int attempts)
    {
        var request = Valid();
        request.Fault = "segv";
        request.FaultAttempts = attempts;

        AssertOnlyError(Validate(request, allowFaults: true), "FaultAttempts", "fault_attempts must be at least 1");
    }

    [Theory]
    [InlineData(10, 11)]
    [InlineData(10, 0)]
    [InlineData(1, 2)]
    public void Fault_step_must_be_within_the_steps(int steps, int faultStep)
    {
        var request = Valid();
        request.Fault = "hang";
        request.Steps = steps;
        request.FaultStep = faultStep;

        AssertOnlyError(Validate(request, allowFaults: true), "FaultStep", $"fault_step must be between 1 and steps ({steps})");
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(10, 10)]
    public void Fault_step_at_the_edges_is_accepted(int steps, int faultStep)
    {
        var request = Valid();
        request.Fault = "abort";
        request.Steps = steps;
        request.FaultStep = faultStep;

        Assert.True(Validate(request, allowFaults: true).IsValid);
    }

    [Fact]
    public void Parameters_are_trimmed_and_blank_optionals_become_null()
    {
        var request = new Text2ImgRequest
        {
            Prompt = "  a cat  ",
            NegativePrompt = null,
            SamplingMethod = " euler_a ",
            Scheduler = "  ",
            Model = " sd15 ",
        };

        var p = Prepared(request);

        Assert.Equal("a cat", p.Prompt);
        Assert.Equal("", p.NegativePrompt);
        Assert.Equal("euler_a", p.SamplingMethod);
        Assert.Null(p.Scheduler);
        Assert.Equal("sd15", p.Model);
        Assert.Equal(-1, p.Seed);
    }
}
