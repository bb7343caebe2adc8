using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Hashes model files (SHA-256, streamed; never the whole file in memory) in the background, one run per file
/// version however many ask, with progress while it runs. Results are cached by (path, size, modification time)
/// and kept in <c>&lt;data-dir&gt;/model-hashes.json</c>, so a 20 GB file is read once, not at every restart.
/// </summary>
public sealed class ModelHasher : IDisposable
{
    private const int BufferSize = 1 << 20;
    private const int MaxCachedHashes = 10_000;

    private readonly string _cacheFile;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelHasher> _logger;
    private readonly ConcurrentDictionary<string, ModelHash> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Job>> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _saveLock = new();

    public ModelHasher(IOptions<SupervisorOptions> options, TimeProvider time, ILogger<ModelHasher> logger)
    {
        _cacheFile = Path.Combine(Path.GetFullPath(options.Value.DataDir), "model-hashes.json");
        _time = time;
        _logger = logger;
        Load();
    }

    /// <summary>
    /// The hash of <paramref name="entry"/>'s current version: from the cache, or after waiting up to
    /// <paramref name="wait"/> for the run (started here if none is running). Still running → progress.
    /// </summary>
    public async Task<HashProgress> HashAsync(ModelEntry entry, TimeSpan wait, CancellationToken cancellationToken)
    {
        var key = Key(entry.FullPath, entry.Size, entry.ModifiedAt.UtcTicks);
        if (_cache.TryGetValue(key, out var cached))
            return new HashProgress(cached, true, cached.Size, cached.Size, null);

        // Lazy: however many requests race here, one run starts.
        var lazy = _running.GetOrAdd(key, k => new Lazy<Job>(() => Start(k, entry)));
        var job = lazy.Value;
        try
        {
            await job.Completion.WaitAsync(wait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        catch (Exception) when (job.Completion.IsFaulted)
        {
        }
        if (job.Completion.IsCompleted)
            // Done runs leave the table: a success is in the cache, a failure may be retried.
            _running.TryRemove(new KeyValuePair<string, Lazy<Job>>(key, lazy));
        if (job.Completion.IsCompletedSuccessfully)
            return new HashProgress(job.Completion.Result, false, entry.Size, entry.Size, null);
        if (job.Completion.IsFaulted)
            return new HashProgress(null, false, Interlocked.Read(ref job.BytesDone), entry.Size, job.Completion.Exception!.InnerException!.Message);
        return new HashProgress(null, false, Interlocked.Read(ref job.BytesDone), entry.Size, null);
    }

    /// <summary>The cached hash of this file version, if it was ever taken.</summary>
    public ModelHash? Cached(ModelEntry entry) => _cache.GetValueOrDefault(Key(entry.FullPath, entry.Size, entry.ModifiedAt.UtcTicks));

    /// <summary>SHA-256 of a stream, read in 1 MB blocks; <paramref name="progress"/> gets the running byte count.</summary>
    public static async Task<string> Sha256Async(Stream stream, Action<long>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
            progress?.Invoke(total);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>AUTOMATIC1111's short model hash: the first 10 hex digits of the file's SHA-256.</summary>
    public static string ShortHash(string sha256) => sha256[..10];

    private Job Start(string key, ModelEntry entry)
    {
        var job = new Job();
        job.Completion = Task.Run(async () =>
        {
            try
            {
                var clock = Stopwatch.StartNew();
                _logger.LogInformation("Hashing model {ModelId} ({Size} bytes)", entry.Id, entry.Size);
                string sha;
                await using (var stream = new FileStream(entry.FullPath, new FileStreamOptions
                {
                    Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
                    BufferSize = 0, Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
                }))
                {
                    sha = await Sha256Async(stream, n => Interlocked.Exchange(ref job.BytesDone, n), _stopping.Token);
                }
                // A symlinked model: the catalog's size and time are its target's.
                var after = new FileInfo(RealPath.Of(entry.FullPath) ?? entry.FullPath);
                if (after.Length != entry.Size || after.LastWriteTimeUtc.Ticks != entry.ModifiedAt.UtcTicks)
                    throw new IOException($"model '{entry.Id}' changed while it was being hashed; hash it again once it is complete");
                var result = new ModelHash(sha, ShortHash(sha), entry.Size, entry.ModifiedAt.UtcTicks, clock.Elapsed.TotalSeconds, _time.GetUtcNow());
                _cache[key] = result;
                Save();
                _logger.LogInformation("Hashed model {ModelId}: sha256 {Sha256} in {Seconds:0.0} s", entry.Id, sha, clock.Elapsed.TotalSeconds);
                return result;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Hashing model {ModelId} failed: {Error}", entry.Id, ex.Message);
                throw;
            }
        });
        return job;
    }

    private static string Key(string path, long size, long modifiedTicks) => $"{path}|{size}|{modifiedTicks}";

    private void Load()
    {
        try
        {
            if (!File.Exists(_cacheFile))
                return;
            var stored = JsonSerializer.Deserialize<Dictionary<string, ModelHash>>(File.ReadAllBytes(_cacheFile));
            foreach (var (key, value) in stored ?? [])
                _cache[key] = value;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Ignoring the model hash cache {CacheFile}: {Error}", _cacheFile, ex.Message);
        }
    }

    private void Save()
    {
        lock (_saveLock)
        {
            try
            {
                var keep = _cache.OrderByDescending(kv => kv.Value.At).Take(MaxCachedHashes).ToDictionary(kv => kv.Key, kv => kv.Value);
                var temp = _cacheFile + ".tmp";
                Directory.CreateDirectory(Path.GetDirectoryName(_cacheFile)!);
                File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(keep));
                File.Move(temp, _cacheFile, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not save the model hash cache {CacheFile}: {Error}", _cacheFile, ex.Message);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed class Job
    {
        public long BytesDone;
        public Task<ModelHash> Completion = null!;
    }
}
