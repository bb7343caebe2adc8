using SdSupervised.Supervisor.Api;

namespace SdSupervised.Supervisor.Generation.Presets;

/// <summary>
/// Carries a preset refusal out of the body reader, which can only return a bound request or throw; the exception
/// responder answers it with its <see cref="Error"/> as it is (a 4xx, never logged as a server error).
/// </summary>
public sealed class PresetRefusedException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;
}
