using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>An edit request as read from its form: the fields, the image, and the mask as uploaded (OpenAI style) or null.</summary>
public sealed record OpenAIEditInput(OpenAIImageRequest Request, DecodedImage Image, DecodedImage? Mask);
