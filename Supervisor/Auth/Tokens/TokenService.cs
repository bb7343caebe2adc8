using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SdSupervised.Supervisor.Auth.Keys;
using SdSupervised.Supervisor.Auth.Storage;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Auth.Tokens;

/// <summary>
/// Access tokens (HS256 JWTs, validated by JwtBearer with <see cref="ValidationParameters"/>) and refresh tokens
/// (random, stored hashed, rotated on every use). A refresh token used twice means it was stolen and replayed, or
/// the real client was: either way the whole session (its family) ends. Logout ends the session too, and access
/// tokens carry the session id, so they stop working at once, not when they expire.
/// </summary>
public sealed class TokenService
{
    private readonly AuthStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<TokenService> _logger;
    private readonly AuthOptions _options;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TokenService(AuthStore store, IOptions<SupervisorOptions> options, TimeProvider time, ILogger<TokenService> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _options = options.Value.Auth;
        var bytes = _options.SigningKey is { Length: > 0 } configured
            ? SigningKeyMaterial.Decode(configured)!
            : SigningKeyMaterial.LoadOrCreate(options.Value.DataDir);
        _key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
        ValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Issuer,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = AuthClaims.Name,
            RoleClaimType = AuthClaims.Role,
        };
    }

    public TokenValidationParameters ValidationParameters { get; }

    /// <summary>A new session for a user whose password was just checked.</summary>
    public async Task<TokenPair> IssueAsync(string username, string role, string method, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var session = new SessionRecord(NewSecret(16), username, role, method, now, now.AddDays(_options.RefreshTokenDays), null, null);
        var (refresh, record) = NewRefresh(session, now);
        await _store.InsertSessionAsync(session, record, ct);
        return Pair(session, refresh, record, now);
    }

    /// <summary>The next pair for a refresh token, or why not (expired, unknown, reused: the session is then ended).</summary>
    public async Task<(TokenPair? Pair, string? Refusal)> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var hash = Hash(refreshToken);
        var stored = await _store.GetRefreshTokenAsync(hash, ct);
        if (stored is null) return (null, "the refresh token is not valid");
        var session = await _store.GetSessionAsync(stored.SessionId, ct);
        if (session is null || session.RevokedAt is not null) return (null, "the session has ended; log in again");
        if (stored.ExpiresAt <= now || session.ExpiresAt <= now) return (null, "the refresh token has expired; log in again");
        if (stored.UsedAt is not null)
        {
            await _store.RevokeSessionAsync(session.Id, now, "refresh token reused", ct);
            _logger.LogWarning("Audit: refresh token of session {SessionId} reused; the session of {Username} is ended", session.Id, session.Username);
            return (null, "the refresh token was already used; the session has been ended for safety, log in again");
        }
        var (next, record) = NewRefresh(session, now);
        if (!await _store.RotateRefreshTokenAsync(hash, record, now, ct))
        {
            await _store.RevokeSessionAsync(session.Id, now, "refresh token reused", ct);
            return (null, "the refresh token was already used; the session has been ended for safety, log in again");
        }
        return (Pair(session, next, record, now), null);
    }

    public Task<bool> EndSessionAsync(string sessionId, string reason, CancellationToken ct) =>
        _store.RevokeSessionAsync(sessionId, _time.GetUtcNow(), reason, ct);

    /// <summary>The session of a refresh token (for logout by refresh token), or null.</summary>
    public async Task<string?> SessionOfRefreshTokenAsync(string refreshToken, CancellationToken ct) =>
        (await _store.GetRefreshTokenAsync(Hash(refreshToken), ct))?.SessionId;

    /// <summary>Is the session behind an access token still open? (Checked on every token request.)</summary>
    public async Task<bool> IsSessionOpenAsync(string sessionId, CancellationToken ct) =>
        await _store.GetSessionAsync(sessionId, ct) is { RevokedAt: null } session && session.ExpiresAt > _time.GetUtcNow();

    private TokenPair Pair(SessionRecord session, string refresh, RefreshTokenRecord record, DateTimeOffset now)
    {
        var expires = now.AddMinutes(_options.AccessTokenMinutes);
        var principal = new AuthPrincipal(session.Username, session.Role, CredentialKinds.Token, session.Method, session.Id, null, expires);
        var access = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(AuthClaims.Name, session.Username),
                new Claim(AuthClaims.Role, session.Role),
                new Claim(AuthClaims.Session, session.Id),
                new Claim(AuthClaims.Method, session.Method),
                new Claim(JwtRegisteredClaimNames.Jti, NewSecret(12)),
            ]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new TokenPair(access, expires, refresh, record.ExpiresAt, principal);
    }

    private (string Token, RefreshTokenRecord Record) NewRefresh(SessionRecord session, DateTimeOffset now)
    {
        var token = "sdr_" + NewSecret(32);
        return (token, new RefreshTokenRecord(Hash(token), session.Id, now, session.ExpiresAt, null));
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string NewSecret(int bytes) => ApiKeyFormat.Base64Url(RandomNumberGenerator.GetBytes(bytes));
}
