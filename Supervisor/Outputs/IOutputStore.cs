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
