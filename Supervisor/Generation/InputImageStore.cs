using SdSupervised.Supervisor.Images;

namespace SdSupervised.Supervisor.Generation;

/// <summary>
/// A job's input images (init, mask, control, upscale source) as PNG files under
/// <c>&lt;data-dir&gt;/inputs/&lt;job-id&gt;/</c>. They are written before the job is stored, so a queued job survives
/// a restart with its inputs; the job keeps only their file names.
/// </summary>
public sealed class InputImageStore
{
    private readonly string _root;

    public InputImageStore(string inputsRoot)
    {
        _root = Path.GetFullPath(inputsRoot);
        Directory.CreateDirectory(_root);
    }

    /// <summary>Writes <paramref name="image"/> as <c>&lt;name&gt;.png</c> (temp file + rename) and returns the file name.</summary>
    public async Task<string> SaveAsync(string jobId, string name, DecodedImage image, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_root, jobId);
        Directory.CreateDirectory(directory);
        var filename = $"{name}.png";
        var path = Path.Combine(directory, filename);
        var temp = path + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, ImageCodec.Encode(image, ImageFormat.Png), cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // A full disk leaves a half-written file, and a submit that fails here leaves no job to delete it with later.
            try
            {
                File.Delete(temp);
                if (!Directory.EnumerateFileSystemEntries(directory).Any())
                    Directory.Delete(directory);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The original failure is the one to report.
            }
            throw;
        }
        return filename;
    }

    /// <summary>The stored image, or null with the reason (a missing or unreadable file is the job's failure, not a crash).</summary>
    public async Task<(DecodedImage? Image, string? Error)> LoadAsync(string jobId, string filename, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_root, jobId, Path.GetFileName(filename));
        if (!File.Exists(path))
            return (null, $"the job's input image '{filename}' is missing from {Path.Combine(_root, jobId)}");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var image = ImageCodec.TryDecode(bytes, out var error);
        return image is null ? (null, $"the job's input image '{filename}' cannot be read: {error}") : (image, null);
    }

    /// <summary>Removes the job's input folder; returns the bytes freed (0 when there was none).</summary>
    public long DeleteJob(string jobId)
    {
        if (!Outputs.OutputStore.IsValidJobId(jobId))
            return 0;
        var directory = Path.Combine(_root, jobId);
        var info = new DirectoryInfo(directory);
        if (!info.Exists || info.LinkTarget is not null)
            return 0;
        var bytes = Outputs.OutputStore.FolderBytes(directory);
        info.Delete(recursive: true);
        return bytes;
    }
}
