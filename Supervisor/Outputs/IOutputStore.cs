using SdSupervised.Contracts;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>Image files of finished jobs under <c>&lt;data-dir&gt;/outputs/&lt;job-id&gt;/</c>.</summary>
public interface IOutputStore
{
    /// <summary>
    /// Encodes <paramref name="image"/> as PNG with <paramref name="parameters"/> in a tEXt chunk named
    /// <c>parameters</c> (A1111 infotext) and writes it atomically (temp file + rename).
    /// </summary>
    Task<JobOutput> SaveAsync(string jobId, int index, GeneratedImage image, string parameters, CancellationToken cancellationToken);

    /// <summary>Like <see cref="SaveAsync(string,int,GeneratedImage,string,CancellationToken)"/>, under a name of the caller's (a plain file name ending in .png).</summary>
    Task<JobOutput> SaveAsync(string jobId, string filename, GeneratedImage image, string parameters, CancellationToken cancellationToken);

    /// <summary>
    /// A file another tool makes (a video from ffmpeg), put in the job's folder atomically: <paramref name="write"/> gets a
    /// temp path in that folder to write, which is flushed to the disk and renamed to <paramref name="filename"/> when it returns.
    /// Returns the file's size in bytes. The temp file is removed when <paramref name="write"/> throws.
    /// </summary>
    Task<long> SaveFileAsync(string jobId, string filename, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>
    /// The full path of an existing output file, or null when the job id or file name is not a plain
    /// name inside that job's folder (traversal, separators, absolute paths) or the file does not exist.
    /// </summary>
    string? ResolveOutput(string jobId, string filename);

    /// <summary>A PNG thumbnail (longest side <paramref name="size"/>) of an output, made on first request and cached; null like <see cref="ResolveOutput"/>.</summary>
    Task<string?> GetThumbnailAsync(string jobId, string filename, int size, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the job's whole output folder (images, thumbnails, temp files a failed write left). Returns the bytes
    /// freed; 0 when there was nothing. Never throws for a missing folder.
    /// </summary>
    long DeleteJob(string jobId);

    /// <summary>Bytes under the job's output folder (0 when none).</summary>
    long JobBytes(string jobId);
}
