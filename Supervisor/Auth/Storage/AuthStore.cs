using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SdSupervised.Supervisor.Auth.Storage;

/// <summary>
/// Keys, users and login sessions in <c>&lt;data-dir&gt;/auth.db</c>, apart from the job store: its own schema version, and a
/// file that the <c>keys</c>/<c>users</c> subcommands open while the server runs. WAL and a busy timeout let both write:
/// every operation is one short statement or transaction on a pooled connection, and nothing is cached that another
/// process could change (a key revoked from the shell is refused at the next request).
/// </summary>
public sealed class AuthStore
{
    public const string FileName = "auth.db";
    private const int SchemaVersion = 1;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE api_keys (
            id           TEXT PRIMARY KEY,
            name         TEXT NOT NULL,
            role         TEXT NOT NULL,
            hash         BLOB NOT NULL,
            created_at   TEXT NOT NULL,
            expires_at   TEXT,
            revoked_at   TEXT,
            last_used_at TEXT,
            created_by   TEXT
        );
        CREATE TABLE users (
            name                TEXT PRIMARY KEY COLLATE NOCASE,
            role                TEXT NOT NULL,
            password_hash       TEXT NOT NULL,
            created_at          TEXT NOT NULL,
            password_changed_at TEXT
        );
        CREATE TABLE sessions (
            id             TEXT PRIMARY KEY,
            username       TEXT NOT NULL,
            role           TEXT NOT NULL,
            method         TEXT NOT NULL,
            created_at     TEXT NOT NULL,
            expires_at     TEXT NOT NULL,
            revoked_at     TEXT,
            revoked_reason TEXT
        );
        CREATE INDEX sessions_username ON sessions (username);
        CREATE TABLE refresh_tokens (
            hash       BLOB PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at    TEXT
        );
        """,
    ];

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public AuthStore(string dataDir)
    {
        DatabasePath = Path.Combine(Path.GetFullPath(dataDir), FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 10,
            ForeignKeys = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    // ---- keys ---------------------------------------------------------------------------------

    public Task InsertKeyAsync(ApiKeyRecord key, CancellationToken ct) => ExecuteAsync(
        "INSERT INTO api_keys (id, name, role, hash, created_at, expires_at, created_by) VALUES ($id, $name, $role, $hash, $created, $expires, $by)",
        p =>
        {
            p.AddWithValue("$id", key.Id);
            p.AddWithValue("$name", key.Name);
            p.AddWithValue("$role", key.Role);
            p.AddWithValue("$hash", key.Hash);
            p.AddWithValue("$created", Text(key.CreatedAt));
            p.AddWithValue("$expires", (object?)Text(key.ExpiresAt) ?? DBNull.Value);
            p.AddWithValue("$by", (object?)key.CreatedBy ?? DBNull.Value);
        }, ct);

    public async Task<ApiKeyRecord?> GetKeyAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {KeyColumns} FROM api_keys WHERE id = $id", p => p.AddWithValue("$id", id), ReadKey, ct)).FirstOrDefault();

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at, id", _ => { }, ReadKey, ct);

    /// <summary>True when the key existed and was not revoked yet.</summary>
    public async Task<bool> RevokeKeyAsync(string id, DateTimeOffset at, CancellationToken ct) => await ExecuteAsync(
        "UPDATE api_keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL",
        p => { p.AddWithValue("$id", id); p.AddWithValue("$at", Text(at)); }, ct) == 1;

    public Task TouchKeyAsync(string id, DateTimeOffset at, CancellationToken ct) => ExecuteAsync(
        "UPDATE api_keys SET last_used_at = $at WHERE id = $id", p => { p.AddWithValue("$id", id); p.AddWithValue("$at", Text(at)); }, ct);

    // ---- users --------------------------------------------------------------------------------

    /// <summary>False when a user of that name (case-insensitive) exists.</summary>
    public async Task<bool> InsertUserAsync(UserRecord user, CancellationToken ct) => await ExecuteAsync(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES ($name, $role, $hash, $created) ON CONFLICT (name) DO NOTHING",
        p =>
        {
            p.AddWithValue("$name", user.Name);
            p.AddWithValue("$role", user.Role);
            p.AddWithValue("$hash", user.PasswordHash);
            p.AddWithValue("$created", Text(user.CreatedAt));
        }, ct) == 1;

    public async Task<UserRecord?> GetUserAsync(string name, CancellationToken ct) =>
        (await QueryAsync($"SELECT {UserColumns} FROM users WHERE name = $name", p => p.AddWithValue("$name", name), ReadUser, ct)).FirstOrDefault();

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {UserColumns} FROM users ORDER BY name", _ => { }, ReadUser, ct);

    public async Task<int> CountUsersAsync(CancellationToken ct) =>
        (await QueryAsync("SELECT COUNT(*) FROM users", _ => { }, r => r.GetInt32(0), ct))[0];

    /// <summary>Deletes the user and ends their sessions; false when there was no such user.</summary>
    public async Task<bool> DeleteUserAsync(string name, DateTimeOffset at, CancellationToken ct)
    {
        await RevokeUserSessionsAsync(name, at, "user deleted", ct);
        return await ExecuteAsync("DELETE FROM users WHERE name = $name", p => p.AddWithValue("$name", name), ct) == 1;
    }

    public async Task<bool> SetPasswordAsync(string name, string passwordHash, DateTimeOffset at, CancellationToken ct) => await ExecuteAsync(
        "UPDATE users SET password_hash = $hash, password_changed_at = $at WHERE name = $name",
        p => { p.AddWithValue("$name", name); p.AddWithValue("$hash", passwordHash); p.AddWithValue("$at", Text(at)); }, ct) == 1;

    // ---- sessions and refresh tokens ------------------------------------------------------------

    /// <summary>A new session with its first refresh token, in one transaction.</summary>
    public Task InsertSessionAsync(SessionRecord session, RefreshTokenRecord token, CancellationToken ct) => TransactionAsync(async (c, t) =>
    {
        await using (var insert = Command(c, t, "INSERT INTO sessions (id, username, role, method, created_at, expires_at) VALUES ($id, $user, $role, $method, $created, $expires)"))
        {
            insert.Parameters.AddWithValue("$id", session.Id);
            insert.Parameters.AddWithValue("$user", session.Username);
            insert.Parameters.AddWithValue("$role", session.Role);
            insert.Parameters.AddWithValue("$method", session.Method);
            insert.Parameters.AddWithValue("$created", Text(session.CreatedAt));
            insert.Parameters.AddWithValue("$expires", Text(session.ExpiresAt));
            await insert.ExecuteNonQueryAsync(ct);
        }
        await InsertTokenAsync(c, t, token, ct);
        return 0;
    }, ct);

    public async Task<SessionRecord?> GetSessionAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"SELECT {SessionColumns} FROM sessions WHERE id = $id", p => p.AddWithValue("$id", id), ReadSession, ct)).FirstOrDefault();

    public async Task<RefreshTokenRecord?> GetRefreshTokenAsync(byte[] hash, CancellationToken ct) =>
        (await QueryAsync("SELECT hash, session_id, created_at, expires_at, used_at FROM refresh_tokens WHERE hash = $hash",
            p => p.AddWithValue("$hash", hash), ReadRefresh, ct)).FirstOrDefault();

    /// <summary>
    /// Marks <paramref name="used"/> as rotated and stores <paramref name="next"/>, in one transaction; false when the
    /// token was already used (a concurrent or replayed refresh), so exactly one caller wins a token.
    /// </summary>
    public Task<bool> RotateRefreshTokenAsync(byte[] used, RefreshTokenRecord next, DateTimeOffset at, CancellationToken ct) => TransactionAsync(async (c, t) =>
    {
        await using (var mark = Command(c, t, "UPDATE refresh_tokens SET used_at = $at WHERE hash = $hash AND used_at IS NULL"))
        {
            mark.Parameters.AddWithValue("$hash", used);
            mark.Parameters.AddWithValue("$at", Text(at));
            if (await mark.ExecuteNonQueryAsync(ct) != 1) return false;
        }
        await InsertTokenAsync(c, t, next, ct);
        return true;
    }, ct);

    public async Task<bool> RevokeSessionAsync(string id, DateTimeOffset at, string reason, CancellationToken ct) => await ExecuteAsync(
        "UPDATE sessions SET revoked_at = $at, revoked_reason = $reason WHERE id = $id AND revoked_at IS NULL",
        p => { p.AddWithValue("$id", id); p.AddWithValue("$at", Text(at)); p.AddWithValue("$reason", reason); }, ct) == 1;

    public Task RevokeUserSessionsAsync(string username, DateTimeOffset at, string reason, CancellationToken ct) => ExecuteAsync(
        "UPDATE sessions SET revoked_at = $at, revoked_reason = $reason WHERE username = $user COLLATE NOCASE AND revoked_at IS NULL",
        p => { p.AddWithValue("$user", username); p.AddWithValue("$at", Text(at)); p.AddWithValue("$reason", reason); }, ct);

    // ---- plumbing -----------------------------------------------------------------------------

    private const string KeyColumns = "id, name, role, hash, created_at, expires_at, revoked_at, last_used_at, created_by";
    private const string UserColumns = "name, role, password_hash, created_at, password_changed_at";
    private const string SessionColumns = "id, username, role, method, created_at, expires_at, revoked_at, revoked_reason";

    private static ApiKeyRecord ReadKey(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), (byte[])r[3], Time(r.GetString(4)), OptionalTime(r, 5), OptionalTime(r, 6), OptionalTime(r, 7),
        r.IsDBNull(8) ? null : r.GetString(8));

    private static UserRecord ReadUser(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), Time(r.GetString(3)), OptionalTime(r, 4));

    private static SessionRecord ReadSession(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r.GetString(4)), Time(r.GetString(5)), OptionalTime(r, 6),
        r.IsDBNull(7) ? null : r.GetString(7));

    private static RefreshTokenRecord ReadRefresh(SqliteDataReader r) => new((byte[])r[0], r.GetString(1), Time(r.GetString(2)), Time(r.GetString(3)), OptionalTime(r, 4));

    private static async Task InsertTokenAsync(SqliteConnection c, SqliteTransaction t, RefreshTokenRecord token, CancellationToken ct)
    {
        await using var insert = Command(c, t, "INSERT INTO refresh_tokens (hash, session_id, created_at, expires_at) VALUES ($hash, $session, $created, $expires)");
        insert.Parameters.AddWithValue("$hash", token.Hash);
        insert.Parameters.AddWithValue("$session", token.SessionId);
        insert.Parameters.AddWithValue("$created", Text(token.CreatedAt));
        insert.Parameters.AddWithValue("$expires", Text(token.ExpiresAt));
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    private static string? Text(DateTimeOffset? at) => at is { } v ? Text(v) : null;
    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    private static DateTimeOffset? OptionalTime(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetString(i));

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = t;
        return command;
    }

    private async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }

    private async Task<T> TransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // IMMEDIATE: take the write lock up front, so a concurrent writer waits (busy timeout) instead of failing mid-way.
        // (Microsoft.Data.Sqlite has no async overload that takes it; its async calls are synchronous underneath anyway.)
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        if (!_initialized) await InitializeAsync(ct);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Creates or migrates the schema; safe when the server and a subcommand do it at once (the version is read inside the write lock).</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (_initialized) return;
        await _initLock.WaitAsync(ct);
        try
        {
            if (_initialized) return;
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            await using (var wal = Command(connection, null, "PRAGMA journal_mode = WAL;"))
                await wal.ExecuteScalarAsync(ct);
            await using var transaction = connection.BeginTransaction(deferred: false);
            int version;
            await using (var read = Command(connection, transaction, "PRAGMA user_version;"))
                version = Convert.ToInt32(await read.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
                throw new NotSupportedException($"{DatabasePath} has schema version {version}; this build understands up to {SchemaVersion}. Use a newer sd-supervised.");
            for (var step = version; step < SchemaVersion; step++)
            {
                await using var migrate = Command(connection, transaction, Migrations[step] + $"\nPRAGMA user_version = {step + 1};");
                await migrate.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }
}
