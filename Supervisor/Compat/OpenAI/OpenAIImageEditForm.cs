namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// The multipart form of <c>/v1/images/edits</c> as <see cref="OpenAIEditFormReader"/> reads it, for the OpenAPI
/// document: the text fields of a generation plus the uploaded <see cref="Image"/> (or <c>image[]</c>; the first is
/// used) and an optional OpenAI-style <see cref="Mask"/> (transparent = repaint).
/// </summary>
public sealed record OpenAIImageEditForm : OpenAIImageGenerationBody
{
    public required IFormFile Image { get; init; }
    public IFormFile? Mask { get; init; }
}
