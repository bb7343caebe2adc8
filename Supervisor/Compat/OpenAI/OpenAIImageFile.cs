namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>An image file to send: its bytes and content type.</summary>
public sealed record OpenAIImageFile(byte[] Bytes, string ContentType);
