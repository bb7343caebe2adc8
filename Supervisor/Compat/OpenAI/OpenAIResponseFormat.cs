namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>OpenAI's <c>response_format</c>: the image inline as base64, or a URL this server serves.</summary>
public enum OpenAIResponseFormat
{
    B64Json,
    Url,
}
