namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>OpenAI's error body, <c>{"error": {message, type, param, code}}</c>, the shape every <c>/v1</c> route answers errors in.</summary>
public sealed record OpenAIErrorBody(OpenAIErrorDetail Error);
