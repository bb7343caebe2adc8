using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Api.Generate;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation.Video;
using SdSupervised.Supervisor.Hosting.Http;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// Checks a preset's fields as the request it is merged into would be checked, so a preset cannot smuggle in what a
/// body could not send: every field must be one the request takes, its JSON must bind to the field's type, and its
/// value must pass the same validator (<see cref="GenerationParametersValidator"/> or the video rules). Only the
/// preset's own fields are judged: a rule another field breaks (no prompt, say) is the request's business.
/// </summary>
public sealed class PresetChecker(GenerationParametersValidator images, IOptions<VideoOptions> video, IOptions<SupervisorOptions> supervisor)
{
    /// <summary>The reading options of request bodies (the API's conventions, as the body binder uses them).</summary>
    public static readonly JsonSerializerOptions RequestOptions = CreateRequestOptions();
    private const string ProbePrompt = "preset check";

    private static JsonSerializerOptions CreateRequestOptions()
    {
        var options = ApiJson.ForRequests(ApiJson.Options);
        // Type metadata is asked for directly (GetTypeInfo), before any serializer call would have set the resolver.
        options.TypeInfoResolver ??= new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The problems by field name (as the preset spells it); empty when the preset fits <paramref name="target"/>.</summary>
    public Dictionary<string, List<string>> Check(JsonObject fields, PresetTarget target)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            if (!list.Contains(message))
                list.Add(message);
        }

        var typeInfo = RequestOptions.GetTypeInfo(target.RequestType);
        foreach (var unknown in IgnoredFields.Find(fields, typeInfo))
            Add(unknown, $"{unknown} is not a field of {target.Name} requests.");
        if (errors.Count > 0)
            return errors;

        var probe = (JsonObject)fields.DeepClone();
        if (!probe.Any(p => string.Equals(p.Key, "prompt", StringComparison.OrdinalIgnoreCase)))
            probe["prompt"] = ProbePrompt;
        object? request;
        try
        {
            request = probe.Deserialize(target.RequestType, RequestOptions);
        }
        catch (JsonException e)
        {
            Add(FieldOf(e.Path) ?? "preset", JsonErrorText.Describe(e));
            return errors;
        }

        var own = new HashSet<string>(fields.Select(p => p.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var (field, message) in ValueErrors(request))
            if (own.Contains(Top(field)))
                Add(field, message);
        return errors;
    }

    private IEnumerable<(string Field, string Message)> ValueErrors(object? request)
    {
        switch (request)
        {
            case GenerationRequest image:
            {
                var context = new ValidationContext<Jobs.GenerationParameters>(GenerationService.Normalise(image.ToParameters()));
                context.RootContextData[GenerationParametersValidator.AllowEmptyPrompt] = true;
                foreach (var failure in images.Validate(context).Errors)
                    yield return (ApiNames.Field(failure.PropertyName), failure.ErrorMessage);
                break;
            }
            case VideoRequest clip:
                foreach (var (field, messages) in VideoRequestValidator.CheckFields(new VideoDraft { Parameters = clip.ToParameters() }, video.Value, supervisor.Value.AllowFaultInjection))
                    foreach (var message in messages)
                        yield return (field, message);
                break;
        }
    }

    /// <summary>"steps" of "$.steps", "hires" of "$.hires.scale", "loras" of "$.loras[0].weight".</summary>
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return null;
        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (name.StartsWith("['", StringComparison.Ordinal) && name.IndexOf("']", StringComparison.Ordinal) is var end and > 2)
            name = name[2..end];
        return Top(name);
    }

    private static string Top(string field)
    {
        var cut = field.IndexOfAny(['.', '[']);
        return cut > 0 ? field[..cut] : field;
    }
}
