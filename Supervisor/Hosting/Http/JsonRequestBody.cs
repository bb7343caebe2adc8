using System.Text.Json;
using System.Text.Json.Serialization;
using SdSupervised.Supervisor.Generation.Presets;

namespace SdSupervised.Supervisor.Hosting.Http;

/// <summary>
/// The one place a JSON request body is read, for every family: the seed API through FastEndpoints'
/// <see cref="FastEndpoints.SerializerOptions.RequestDeserializer"/>, and the A1111 and OpenAI readers. The body is
/// buffered (the size limit middleware has bounded it) and its lone surrogates mended (<see cref="JsonEscapes"/>);
/// the fields nothing binds are reported (<see cref="IgnoredFields"/>). A body that takes presets
/// (<see cref="IAcceptsPresets"/>) has them merged in first (<see cref="PresetApplier"/>), so binding, validation and
/// the ignored-field report all see the one merged request.
/// </summary>
public static class JsonRequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        JsonEscapes.MendLoneSurrogates(bytes.Span);
        return bytes;
    }

    /// <summary>FastEndpoints' body deserializer: as its default, on the mended body.</summary>
    public static Func<HttpRequest, Type, JsonSerializerContext?, CancellationToken, ValueTask<object?>> Deserializer(JsonSerializerOptions options) =>
        async (request, type, context, cancellationToken) =>
        {
            var bytes = await ReadAsync(request.Body, cancellationToken);
            if (typeof(IAcceptsPresets).IsAssignableFrom(type) && request.HttpContext.RequestServices.GetService<PresetApplier>() is { } presets)
            {
                var applied = await presets.ApplyAsync(bytes, type, cancellationToken);
                if (applied.Refusal is { } refusal)
                    throw new PresetRefusedException(refusal);
                bytes = applied.Body;
            }
            var value = context is null
                ? JsonSerializer.Deserialize(bytes.Span, type, options)
                : JsonSerializer.Deserialize(bytes.Span, type, context);
            var typeInfo = context?.GetTypeInfo(type) ?? options.GetTypeInfo(type);
            using (var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.ReadCommentHandling }))
                IgnoredFields.Report(request.HttpContext, IgnoredFields.Find(document.RootElement, typeInfo));
            return value;
        };
}
