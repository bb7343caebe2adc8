namespace SdSupervised.Supervisor.Api.Auth;

/// <summary>Who the caller is: <c>method</c> is how they authenticated (none, api-key, jwt, unix, pam, optional), <c>via</c> with what.</summary>
public sealed record ProfileResponse(string Username, string Role, string? Method, string Via, IReadOnlyList<string> Permissions, DateTimeOffset? ExpiresAt);
