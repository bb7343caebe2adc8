using SdSupervised.Supervisor.Auth.Tokens;

namespace SdSupervised.Supervisor.Api.Auth;

/// <summary>
/// A login's or refresh's answer. <c>access_token</c> goes in <c>Authorization: Bearer</c> (or <c>?access_token=</c> on event
/// streams); <c>refresh_token</c> gets the next pair from <c>/api/auth/refresh</c>, once. Browsers also get both as cookies.
/// </summary>
public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt, string RefreshToken, DateTimeOffset RefreshExpiresAt,
    string Username, string Role)
{
    public static TokenResponse From(TokenPair pair, DateTimeOffset now) => new(
        pair.AccessToken, "Bearer", (int)Math.Max(0, (pair.AccessExpiresAt - now).TotalSeconds), pair.AccessExpiresAt,
        pair.RefreshToken, pair.RefreshExpiresAt, pair.Principal.Name, pair.Principal.Role);
}
