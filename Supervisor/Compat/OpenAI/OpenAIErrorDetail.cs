namespace SdSupervised.Supervisor.Compat.OpenAI;

/// <summary>
/// The inside of OpenAI's error body. <see cref="Param"/> and <see cref="Code"/> are always written, null when unknown,
/// because OpenAI's client libraries read them as nullable members of a fixed shape.
/// </summary>
public sealed record OpenAIErrorDetail(string Message, string Type, string? Param, string? Code);
