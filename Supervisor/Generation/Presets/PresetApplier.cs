using System.Text.Json;
using System.Text.Json.Nodes;
using SdSupervised.Supervisor.Api;
using SdSupervised.Supervisor.Models;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// Applies a body's <c>preset</c> and <c>negative_prompt_preset</c> before the body is bound: the preset's fields go
/// under the body's (<see cref="PresetMerger"/>: a field present in the body wins), after they passed the request's
/// own checks (<see cref="PresetChecker"/>); then the named negative prompt file's text goes before the request's
/// <c>negative_prompt</c> (joined with ", "). A bad name is a 400, an unknown file or a broken preset a 422 naming
/// the file and field. A body that is not a JSON object passes unchanged, for the binder's own error.
/// </summary>
public sealed class PresetApplier(PresetLibrary presets, PresetChecker checker, PromptLibrary prompts)
{
    public const string PresetField = "preset";
    public const string NegativePromptPresetField = "negative_prompt_preset";

    public async Task<PresetApplication> ApplyAsync(ReadOnlyMemory<byte> body, Type requestType, CancellationToken cancellationToken)
    {
        JsonObject? root;
        try
        {
            // Most bodies name no preset: find that out without copying them (base64 images make them megabytes).
            if (!NamesAny(body))
                return PresetApplication.Unchanged(body);
            root = JsonBodyNodes.Parse(body, refuseRepeats: false) as JsonObject;
        }
        catch (JsonException)
        {
            return PresetApplication.Unchanged(body);
        }
        if (root is null)
            return PresetApplication.Unchanged(body);

        var merged = root;
        var changed = false;
        if (Text(root, PresetField) is { } name)
        {
            var (result, refusal) = await MergeAsync(root, name, PresetTarget.For(requestType), cancellationToken);
            if (refusal is not null)
                return PresetApplication.Refused(refusal);
            merged = result!;
            changed = true;
        }
        if (Text(merged, NegativePromptPresetField) is { } negative)
        {
            var refusal = await PrependNegativeAsync(merged, negative, cancellationToken);
            if (refusal is not null)
                return PresetApplication.Refused(refusal);
            changed = true;
        }
        return changed ? new PresetApplication(JsonSerializer.SerializeToUtf8Bytes(merged), null) : PresetApplication.Unchanged(body);
    }

    private async Task<(JsonObject?, ApiError?)> MergeAsync(JsonObject body, string name, PresetTarget target, CancellationToken cancellationToken)
    {
        if (CatalogTextNames.Problem(name, "preset") is { } bad)
            return (null, Error(StatusCodes.Status400BadRequest, "invalid_preset_name", bad, PresetField));
        var read = await presets.ReadAsync(name, cancellationToken);
        if (read is null)
            return (null, Error(StatusCodes.Status422UnprocessableEntity, "unknown_preset",
                $"preset '{name}' is not in the catalog ({await presets.KnownAsync(cancellationToken)}; GET /api/presets lists them).", PresetField));
        var (entry, document) = read.Value;
        if (document.Fields is not { } fields)
            return (null, Error(StatusCodes.Status422UnprocessableEntity, "invalid_preset",
                $"preset '{name}' ({entry.RelativePath}) cannot be used: {(document.ErrorField is null ? "" : document.ErrorField + ": ")}{document.Error}",
                document.ErrorField is null ? PresetField : $"{PresetField}.{document.ErrorField}"));
        var errors = checker.Check(fields, target);
        if (errors.Count > 0)
        {
            var byField = errors.ToDictionary(e => $"{PresetField}.{e.Key}", e => e.Value.ToArray());
            return (null, new ApiError(StatusCodes.Status422UnprocessableEntity, "invalid_preset",
                $"preset '{name}' ({entry.RelativePath}) cannot be used for {target.Name}: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
                byField));
        }
        return (PresetMerger.Merge(body, fields), null);
    }

    private async Task<ApiError?> PrependNegativeAsync(JsonObject merged, string name, CancellationToken cancellationToken)
    {
        if (CatalogTextNames.Problem(name, "negative prompt") is { } bad)
            return Error(StatusCodes.Status400BadRequest, "invalid_prompt_name", bad, NegativePromptPresetField);
        if (await prompts.FindAsync(ModelType.NegPrompts, name, cancellationToken) is not { } file)
            return Error(StatusCodes.Status422UnprocessableEntity, "unknown_prompt",
                $"negative prompt '{name}' is not in the catalog ({await prompts.KnownAsync(ModelType.NegPrompts, cancellationToken)}; GET /api/neg-prompts lists them).",
                NegativePromptPresetField);
        if (file.Text is not { } text)
            return Error(StatusCodes.Status422UnprocessableEntity, "invalid_prompt", $"negative prompt '{name}' ({file.File}) cannot be used: {file.Error}", NegativePromptPresetField);

        var key = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "negative_prompt", StringComparison.OrdinalIgnoreCase)) ?? "negative_prompt";
        var own = merged[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : "";
        merged[key] = own.Length == 0 ? text : text.Length == 0 ? own : $"{text}, {own}";
        return null;
    }

    /// <summary>Whether the body is an object with a <c>preset</c> or <c>negative_prompt_preset</c> member, by its top-level names only.</summary>
    private static bool NamesAny(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (string.Equals(name, PresetField, StringComparison.OrdinalIgnoreCase) || string.Equals(name, NegativePromptPresetField, StringComparison.OrdinalIgnoreCase))
                return true;
            reader.Read();
            reader.Skip();
        }
        return false;
    }

    /// <summary>The string member <paramref name="name"/> (matched as the binder matches), or null when absent, null, blank or not a string.</summary>
    private static string? Text(JsonObject o, string name)
    {
        var member = o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        return member is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
    }

    private static ApiError Error(int status, string code, string message, string field) =>
        new(status, code, message, new Dictionary<string, string[]> { [field] = [message] });
}
