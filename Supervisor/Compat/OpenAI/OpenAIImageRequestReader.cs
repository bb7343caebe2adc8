using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// Reads and checks the shape of an images request (JSON for generations, form fields for edits): what OpenAI itself
/// would refuse. Limits the shared generation checks also enforce (steps, cfg_scale, prompt length) are left to them.
/// OpenAI's <c>quality</c>, <c>style</c>, <c>user</c>, <c>background</c>, <c>moderation</c> and
/// <c>partial_images</c> are accepted and ignored: they have no meaning for a local diffusion model.
/// </summary>
public static class OpenAIImageRequestReader
{
    public static OpenAIResult<OpenAIImageRequest> Read(OpenAIRequestFields fields, LimitsOptions limits)
    {
        var prompt = fields.String("prompt");
        var n = fields.Int("n");
        var size = fields.String("size");
        var model = fields.String("model");
        var responseFormat = fields.String("response_format");
        var outputFormat = fields.String("output_format");
        var compression = fields.Int("output_compression");
        var stream = fields.Bool("stream");
        var request = new OpenAIImageRequest
        {
            Prompt = prompt?.Trim() ?? "",
            N = n ?? 1,
            Model = model,
            NegativePrompt = fields.String("negative_prompt"),
            Steps = fields.Int("steps"),
            Seed = fields.Long("seed"),
            CfgScale = fields.Float("cfg_scale"),
            Strength = fields.Float("strength"),
            Fault = fields.String("fault"),
        };
        if (fields.Failure is { } typeError)
            return typeError;

        if (string.IsNullOrWhiteSpace(prompt))
            return prompt is null ? OpenAIErrors.Missing("prompt") : OpenAIErrors.BadRequest("prompt", "prompt must not be empty.", "empty_prompt");
        if (request.N < 1 || request.N > limits.MaxBatch)
            return OpenAIErrors.BadRequest("n", $"n must be between 1 and {limits.MaxBatch} on this server (got {request.N}).", "integer_out_of_range");
        if (stream == true)
            return OpenAIErrors.BadRequest("stream", "stream is not supported by this server; send the request without it.", "unsupported_parameter");
        if (request.Strength is < 0 or > 1)
            return OpenAIErrors.BadRequest("strength", $"strength must be between 0 and 1 (got {request.Strength}).");

        var parsedSize = OpenAISizeParser.Parse(size, limits);
        if (parsedSize.Failure is { } sizeError)
            return sizeError;
        var encoding = OpenAIOutputFormatParser.Parse(outputFormat, compression);
        if (encoding.Failure is { } formatError)
            return formatError;
        var format = string.IsNullOrWhiteSpace(responseFormat)
            ? OpenAIModelNames.DefaultResponseFormat(model, gptImageOnly: outputFormat is not null || compression is not null)
            : ParseResponseFormat(responseFormat);
        if (format is null)
            return OpenAIErrors.BadRequest("response_format", $"response_format '{responseFormat}' is not one of: b64_json, url.");

        return request with { Size = parsedSize.Value, Encoding = encoding.Value!, ResponseFormat = format.Value };
    }

    private static OpenAIResponseFormat? ParseResponseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "b64_json" => OpenAIResponseFormat.B64Json,
        "url" => OpenAIResponseFormat.Url,
        _ => null,
    };
}
