using System.Text.RegularExpressions;
using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// <see cref="IOutputStore"/> on the file system: <c>&lt;root&gt;/&lt;job-id&gt;/NN-seed.png</c>, thumbnails in
/// <c>&lt;root&gt;/&lt;job-id&gt;/thumbs/</c>. Every file appears whole or not at all (temp file + rename).
/// </summary>
public sealed partial class OutputStore : IOutputStore
{
    public const int MinThumbnailSize = 16;
    public const int MaxThumbnailSize = 1024;

    private const string ParametersKeyword = "parameters";
    private const string ThumbnailFolder = "thumbs";

    private readonly string _root;
    private readonly ILogger<OutputStore> _logger;

    public OutputStore(string outputsRoot, ILogger<OutputStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputsRoot);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputsRoot));
        _logger = logger;
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public Task<JobOutput> SaveAsync(string jobId, int index, GeneratedImage image, string parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return SaveAsync(jobId, $"{index:D2}-{image.Seed}.png", image, parameters, cancellationToken);
    }

    public async Task<JobOutput> SaveAsync(string jobId, string filename, GeneratedImage image, string parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!IsValidJobId(jobId))
        {
            throw new ArgumentException($"'{jobId}' is not a valid job id.", nameof(jobId));
        }
        if (!IsPlainFileName(filename) || !filename.EndsWith(".png", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{filename}' is not a plain .png file name.", nameof(filename));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var png = PngTextChunk.InsertAfterHeader(PngImageEncoder.Encode(image), ParametersKeyword, parameters);

        var directory = Path.Combine(_root, jobId);
        var path = Path.Combine(directory, filename);
        try
        {
            Directory.CreateDirectory(directory);
            await WriteAtomicallyAsync(path, png, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageException.TryWrap(ex, $"writing outputs/{jobId}/{filename}", out var storage))
        {
            throw storage;
        }

        _logger.LogDebug("Wrote output {OutputFile} ({ByteCount} bytes) for job {JobId}", filename, png.Length, jobId);
        return new JobOutput(filename, image.Seed, image.Width, image.Height);
    }

    public async Task<long> SaveFileAsync(string jobId, string filename, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (!IsValidJobId(jobId))
        {
            throw new ArgumentException($"'{jobId}' is not a valid job id.", nameof(jobId));
        }
        if (!IsPlainFileName(filename))
        {
            throw new ArgumentException($"'{filename}' is not a plain file name.", nameof(filename));
        }

        var directory = Path.Combine(_root, jobId);
        var path = Path.Combine(directory, filename);
        var temp = Path.Combine(directory, $".{filename}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            await write(temp, cancellationToken).ConfigureAwait(false);
            // The tool closed its file; make its bytes durable before the rename publishes them.
            long length;
            await using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }
            File.Move(temp, path, overwrite: true);
            _logger.LogDebug("Wrote output {OutputFile} ({ByteCount} bytes) for job {JobId}", filename, length, jobId);
            return length;
        }
        catch (Exception ex) when (StorageException.TryWrap(ex, $"writing outputs/{jobId}/{filename}", out var storage))
        {
            TryDelete(temp);
            throw storage;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public string? ResolveOutput(string jobId, string filename)
    {
        var directory = JobDirectory(jobId);
        if (directory is null || !IsPlainFileName(filename))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(directory, filename));
        return IsRegularFileUnder(directory, path) ? path : null;
    }

    public async Task<string?> GetThumbnailAsync(string jobId, string filename, int size, CancellationToken cancellationToken)
    {
        // A video's thumbnail is its poster (the first frame, written beside it as NAME.png).
        if (filename.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
        {
            filename = Path.ChangeExtension(filename, ".png");
        }

        var source = ResolveOutput(jobId, filename);
        if (source is null)
        {
            return null;
        }

        size = Math.Clamp(size, MinThumbnailSize, MaxThumbnailSize);
        var thumbs = Path.Combine(Path.GetDirectoryName(source)!, ThumbnailFolder);
        var path = Path.Combine(thumbs, $"{Path.GetFileNameWithoutExtension(filename)}-{size}.png");
        if (IsRegularFileUnder(thumbs, path))
        {
            return path;
        }

        Directory.CreateDirectory(thumbs);
        if (new DirectoryInfo(thumbs).LinkTarget is not null)
        {
            _logger.LogWarning("Thumbnail folder {ThumbnailFolder} is a symbolic link; refusing to write through it", thumbs);
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var png = PngImageEncoder.Thumbnail(source, size);
        if (png is null)
        {
            _logger.LogWarning("Output {OutputFile} of job {JobId} could not be decoded for a thumbnail", filename, jobId);
            return null;
        }

        // Two requests racing for the same thumbnail both write a whole file; the last rename wins.
        await WriteAtomicallyAsync(path, png, cancellationToken).ConfigureAwait(false);
        return path;
    }

    public long DeleteJob(string jobId)
    {
        var directory = JobDirectory(jobId);
        if (directory is null)
        {
            return 0;
        }

        var bytes = FolderBytes(directory);
        Directory.Delete(directory, recursive: true);
        _logger.LogDebug("Deleted the outputs of job {JobId} ({ByteCount} bytes)", jobId, bytes);
        return bytes;
    }

    public long JobBytes(string jobId) => JobDirectory(jobId) is { } directory ? FolderBytes(directory) : 0;

    internal static long FolderBytes(string directory)
    {
        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            bytes += file.Length;
        }

        return bytes;
    }

    internal static bool IsValidJobId(string? jobId) => jobId is not null && JobIdPattern().IsMatch(jobId);

    /// <summary>A single path segment we could have written: no separators, no dot files, no "..".</summary>
    internal static bool IsPlainFileName(string? filename) =>
        filename is not null && FileNamePattern().IsMatch(filename) && !filename.Contains("..", StringComparison.Ordinal);

    private string? JobDirectory(string jobId)
    {
        if (!IsValidJobId(jobId))
        {
            return null;
        }

        var directory = Path.Combine(_root, jobId);
        var info = new DirectoryInfo(directory);
        // Job folders are always made by us; a link here could only point somewhere we never wrote.
        return info.Exists && info.LinkTarget is null ? directory : null;
    }

    /// <summary>
    /// True for an existing regular file whose full path lies inside <paramref name="directory"/>.
    /// Symbolic links are refused outright: this store never creates one, so one is planted.
    /// </summary>
    private static bool IsRegularFileUnder(string directory, string path)
    {
        if (!path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null;
    }

    /// <summary>
    /// Writes to a dot-prefixed temp file in the same folder, flushes it to the disk, then renames it
    /// over the target, so a reader (or a crash) sees the old file or the new one, never a torn one.
    /// The rename itself reaches the disk with the job store's next fsync on the same file system
    /// (ext4/xfs journal commits are global), which happens before the job is reported completed.
    /// </summary>
    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            }))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
