using System.Text.Json.Serialization;

namespace SdSupervised.Supervisor.Compat.A1111;

/// <summary><c>GET /sdapi/v1/sd-models</c> item.</summary>
public sealed record A1111SdModel(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("hash")] string? Hash,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("config")] string? Config);

/// <summary><c>GET /sdapi/v1/sd-vae</c> item.</summary>
public sealed record A1111SdVae(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("filename")] string Filename);

/// <summary><c>GET /sdapi/v1/loras</c> item; <c>metadata</c> is the file's header metadata.</summary>
public sealed record A1111Lora(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("alias")] string Alias,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata);

/// <summary><c>GET /sdapi/v1/upscalers</c> item.</summary>
public sealed record A1111Upscaler(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("model_name")] string? ModelName,
    [property: JsonPropertyName("model_path")] string? ModelPath,
    [property: JsonPropertyName("model_url")] string? ModelUrl,
    [property: JsonPropertyName("scale")] double? Scale);

/// <summary><c>GET /sdapi/v1/samplers</c> item; <c>options</c> is A1111's per-sampler settings (none here).</summary>
public sealed record A1111SamplerItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("options")] IReadOnlyDictionary<string, string> Options);

/// <summary><c>GET /sdapi/v1/schedulers</c> item.</summary>
public sealed record A1111SchedulerItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string>? Aliases,
    [property: JsonPropertyName("default_rho")] double DefaultRho,
    [property: JsonPropertyName("need_inner_model")] bool NeedInnerModel);

/// <summary><c>GET /sdapi/v1/latent-upscale-modes</c> item.</summary>
public sealed record A1111NamedItem([property: JsonPropertyName("name")] string Name);
