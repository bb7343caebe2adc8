using System.Reflection;
using FluentValidation.Results;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation;
using SdSupervised.Supervisor.Jobs;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Tests.Api;

/// <summary>The /api/parameters table must describe exactly what <see cref="GenerationParametersValidator"/> accepts, under non-default limits.</summary>
public sealed class ParameterTableTests
{
    private static readonly SupervisorOptions Options = new()
    {
        AllowFaultInjection = true,
        Limits = new LimitsOptions { MinSize = 128, MaxSize = 1024, MaxSteps = 40, MaxBatch = 4, MaxPromptLength = 100 },
    };

    private static readonly IReadOnlyList<ParameterDescriptor> All =
        new Text2ImgParameterTable(Microsoft.Extensions.Options.Options.Create(Options)).Describe();

    /// <summary>The shared generation fields: the ones checked against the validator below.</summary>
    private static readonly IReadOnlyList<ParameterDescriptor> Table =
        new Text2ImgParameterTable(Microsoft.Extensions.Options.Options.Create(Options)).Shared();

    private static readonly GenerationParametersValidator Validator = new(Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>The plain fields; an object's or array's members are checked by <see cref="Nested_fields_bound_what_the_validator_bounds"/>.</summary>
    public static TheoryData<string> Names => new(Table.Where(p => p.Fields is null).Select(p => p.Name));

    public static TheoryData<string> OptionalNames => new(Table.Where(p => !p.Required).Select(p => p.Name));

    [Fact]
    public void Table_lists_every_request_field_of_every_mode_once()
    {
        var fields = new[] { typeof(Text2ImgRequest), typeof(Img2ImgRequest), typeof(InpaintingRequest), typeof(ControlNetRequest), typeof(UpscaleRequest) }
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.CanWrite).Select(p => ApiJson.Name(p.Name)).Distinct().Order();

        Assert.Equal(fields, All.Select(p => p.Name).Order());
    }

    [Fact]
    public void Each_field_names_the_modes_that_take_it()
    {
        Assert.Equal(Text2ImgParameterTable.GenerationModes, All.Single(p => p.Name == "prompt").Modes);
        Assert.Equal(["upscale"], All.Single(p => p.Name == "upscale_factor").Modes);
        Assert.Equal(["inpainting"], All.Single(p => p.Name == "mask_image").Modes);
        Assert.True(All.Single(p => p.Name == "control_net_model").Required);
        Assert.Equal((0.0, 1.0), (All.Single(p => p.Name == "strength").Min!.Value, All.Single(p => p.Name == "strength").Max!.Value));
        Assert.All(All, p => Assert.NotEmpty(p.Modes!));
    }

    [Fact]
    public void Limits_come_from_the_options()
    {
        Assert.Equal((128.0, 1024.0, 8), (Param("width").Min!.Value, Param("width").Max!.Value, Param("width").MultipleOf!.Value));
        Assert.Equal(40.0, Param("steps").Max);
        Assert.Equal(4.0, Param("batch_count").Max);
        Assert.Equal(100.0, Param("prompt").Max);
        Assert.True(Param("prompt").Required);
        Assert.Equal(SamplerNames.SamplingMethods, Param("sampling_method").Allowed);
    }

    [Fact]
    public void Required_field_without_a_value_is_refused() =>
        Assert.All(Table.Where(p => p.Required), p => AssertValid(p.Name, "", false));

    [Theory]
    [MemberData(nameof(OptionalNames))]
    public void Default_is_accepted(string name)
    {
        var result = Validate(name, Param(name).Default);

        Assert.True(result.IsValid, $"{name} = {Param(name).Default}: {string.Join("; ", result.Errors)}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Bounds_accept_inside_and_refuse_outside(string name)
    {
        var p = Param(name);
        if (p.Type == "string")
        {
            if (p.Max is { } maxLength)
            {
                AssertValid(name, new string('a', (int)maxLength), true);
                AssertValid(name, new string('a', (int)maxLength + 1), false);
            }
            foreach (var allowed in p.Allowed ?? [])
                AssertValid(name, allowed, true);
            if (p.Allowed is not null)
                AssertValid(name, "not-a-real-option", false);
            return;
        }

        var step = p.Type == "integer" ? 1 : 0.5;
        if (p.Min is { } min)
        {
            AssertValid(name, min, true);
            AssertValid(name, min - step, false);
        }
        if (p.Max is { } max)
        {
            AssertValid(name, max, true);
            AssertValid(name, max + step, false);
        }
        if (p.MultipleOf is { } multiple)
        {
            AssertValid(name, p.Min!.Value + multiple, true);
            AssertValid(name, p.Min!.Value + 1, false);
        }
    }

    [Fact]
    public void Nested_fields_bound_what_the_validator_bounds()
    {
        var lora = Param("loras");
        Assert.Equal(GenerationParametersValidator.MaxLoras, lora.Max);
        var weight = lora.Fields!.Single(f => f.Name == "weight");
        Assert.True(lora.Fields!.Single(f => f.Name == "name").Required);
        foreach (var (w, ok) in new[] { (weight.Max!.Value, true), (weight.Min!.Value, true), (weight.Max!.Value + 0.5, false), (weight.Min!.Value - 0.5, false) })
            AssertRequest(new Text2ImgRequest { Prompt = "a", Loras = [new LoraRequest { Name = "x", Weight = (float)w }] }, ok, $"lora weight {w}");
        AssertRequest(new Text2ImgRequest { Prompt = "a", Loras = [.. Enumerable.Range(0, (int)lora.Max!.Value + 1).Select(i => new LoraRequest { Name = $"l{i}" })] }, false, "one LoRA too many");
        Assert.Equal(1.0, weight.Default);

        var hires = Param("hires").Fields!.ToDictionary(f => f.Name);
        Assert.Equal(["denoising_strength", "enabled", "height", "scale", "steps", "upscaler", "width"], hires.Keys.Order());
        Assert.Equal(HiresUpscalers.Names, hires["upscaler"].Allowed);
        Assert.Equal((128.0, 1024.0, 8), (hires["width"].Min!.Value, hires["width"].Max!.Value, hires["width"].MultipleOf!.Value));
        AssertRequest(Hires(new HiresRequest { Scale = (float)hires["scale"].Max!.Value }, 256), true, "hires scale at max");
        AssertRequest(Hires(new HiresRequest { Scale = (float)hires["scale"].Max!.Value + 0.5f }, 128), false, "hires scale over max");
        AssertRequest(Hires(new HiresRequest { Scale = (float)hires["scale"].Min!.Value - 0.5f }), false, "hires scale under min");
        AssertRequest(Hires(new HiresRequest { Steps = (int)hires["steps"].Max!.Value }), true, "hires steps at max");
        AssertRequest(Hires(new HiresRequest { Steps = (int)hires["steps"].Max!.Value + 1 }), false, "hires steps over max");
        AssertRequest(Hires(new HiresRequest { DenoisingStrength = (float)hires["denoising_strength"].Max!.Value + 0.5f }), false, "hires denoise over max");
        AssertRequest(Hires(new HiresRequest { Width = (int)hires["width"].Max!.Value, Height = (int)hires["height"].Max!.Value }), true, "hires size at max");
        AssertRequest(Hires(new HiresRequest { Width = (int)hires["width"].Max!.Value + 8, Height = 256 }), false, "hires width over max");
    }

    private static Text2ImgRequest Hires(HiresRequest hires, int size = 128) => new() { Prompt = "a", Width = size, Height = size, Hires = hires };

    private static void AssertRequest(Text2ImgRequest request, bool expected, string what)
    {
        var result = Validator.Validate(GenerationService.Normalise(request.ToParameters()));
        Assert.True(result.IsValid == expected, $"{what} should be {(expected ? "accepted" : "refused")}: {string.Join("; ", result.Errors)}");
    }

    private static ParameterDescriptor Param(string name) => Table.Single(p => p.Name == name);

    private static void AssertValid(string name, object value, bool expected)
    {
        var result = Validate(name, value);
        Assert.True(result.IsValid == expected,
            $"{name} = {value} should be {(expected ? "accepted" : "refused")}: {string.Join("; ", result.Errors)}");
    }

    private static ValidationResult Validate(string name, object? value)
    {
        // Fault fields are only checked when a fault is named; steps is raised so fault_step's bound is its own.
        var request = new Text2ImgRequest { Prompt = "a lighthouse", Fault = name.StartsWith("fault_", StringComparison.Ordinal) ? "fail" : null };
        var property = typeof(Text2ImgRequest).GetProperties().Single(p => ApiJson.Name(p.Name) == name);
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        property.SetValue(request, value is null ? null : Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture));
        return Validator.Validate(GenerationService.Normalise(request.ToParameters()));
    }
}
