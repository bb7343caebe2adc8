namespace SdSupervised.Supervisor.Auth.Keys;

/// <summary>A new key: <see cref="Key"/> is shown this once and never stored.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);
