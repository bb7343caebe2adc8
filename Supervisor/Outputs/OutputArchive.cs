using System.IO.Compression;
using SdSupervised.Supervisor.Jobs;

namespace SdSupervised.Supervisor.Outputs;

/// <summary>
/// Several jobs' outputs as one ZIP, written straight to the response: checked first (every file exists and may be read
/// by the caller), then streamed entry by entry, so a large selection never sits in memory or on disk.
/// </summary>
public sealed class OutputArchive(JobService jobs, IOutputStore outputs)
{
    public const int MaxFiles = 1000;

    /// <summary>The files to pack (<c>job_id/filename</c> entry names, duplicates once), or the first one that cannot be.</summary>
    public async Task<OutputArchivePlan> PlanAsync(IReadOnlyList<(string JobId, string Filename)> files, Func<Job, bool> mayRead, CancellationToken ct)
    {
        var entries = new List<(string Name, string Path)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (jobId, filename) in files)
        {
            var job = await jobs.GetAsync(jobId, ct);
            if (job is null)
                return OutputArchivePlan.Refused(OutputArchiveRefusal.NotFound, $"job '{jobId}' not found");
            if (!mayRead(job.Job))
                return OutputArchivePlan.Refused(OutputArchiveRefusal.Forbidden, $"job '{jobId}' belongs to another user");
            if (outputs.ResolveOutput(jobId, filename) is not { } path)
                return OutputArchivePlan.Refused(OutputArchiveRefusal.NotFound, $"output '{filename}' of job '{jobId}' not found");
            var name = $"{jobId}/{filename}";
            if (seen.Add(name)) entries.Add((name, path));
        }
        return new OutputArchivePlan(entries, null, null);
    }

    /// <summary>PNGs are compressed already: stored, not deflated, which keeps the archive as fast as a copy.</summary>
    public static async Task WriteAsync(Stream destination, IReadOnlyList<(string Name, string Path)> entries, CancellationToken ct)
    {
        await using var output = new AsyncFlushingStream(destination);
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
        {
            foreach (var (name, path) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                entry.LastWriteTime = File.GetLastWriteTime(path);
                await using (var target = await entry.OpenAsync(ct))
                await using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
                    await source.CopyToAsync(target, ct);
                await output.FlushAsync(ct);
            }
        }
        await output.FlushAsync(ct);
    }
}

public enum OutputArchiveRefusal { NotFound, Forbidden }

/// <param name="Entries">What to pack, when nothing was refused.</param>
public sealed record OutputArchivePlan(IReadOnlyList<(string Name, string Path)> Entries, OutputArchiveRefusal? Refusal, string? Message)
{
    public static OutputArchivePlan Refused(OutputArchiveRefusal refusal, string message) => new([], refusal, message);
}
