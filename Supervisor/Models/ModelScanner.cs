using System.Diagnostics;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Models.Detection;
using SdSupervised.Supervisor.Models.Headers;

namespace SdSupervised.Supervisor.Models;

/// <summary>
/// Walks the models directory and describes every model file in it. Incremental: a file whose size and
/// modification time match the cache is not opened again. Symbolic links whose target lies outside the models
/// directory are skipped unless <see cref="ModelsOptions.FollowSymlinksOutside"/>; links to folders inside it are
/// skipped too (their files are already listed under their real path). One bad file never stops the walk.
/// </summary>
public sealed class ModelScanner(IOptions<ModelsOptions> modelsOptions, TimeProvider time, ILogger<ModelScanner> logger)
{
    private readonly ModelsOptions _options = modelsOptions.Value;
    private const int MaxMetadataEntries = 64;
    private const int MaxMetadataValue = 512;

    private static readonly string[] NoisyMetadataPrefixes = ["ss_tag_frequency", "ss_dataset_dirs", "ss_bucket_info", "tokenizer.", "ss_reg_dataset_dirs"];

    public ScanResult Scan(string modelsDir, IReadOnlyDictionary<string, ScanCacheItem> cache)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(modelsDir).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(root))
            return new ScanResult([], new Dictionary<string, ScanCacheItem>(), new ScanStats { At = time.GetUtcNow(), Duration = clock.Elapsed, DirectoryExists = false });

        var walk = new Walk(RealPath.Of(root) ?? root, cache, ModelFolders.Resolve(root, _options.Folders));
        WalkDirectory(walk, root, "", 0, null);
        // A type's folder outside the models directory is walked as if it were that type's folder inside it.
        foreach (var configured in walk.Configured.Where(c => c.RelativePrefix is null))
        {
            if (!Directory.Exists(configured.FullPath))
            {
                walk.Skip(configured.FullPath, $"the {ModelLayout.TypeName(configured.Layout.Type)} folder does not exist");
                continue;
            }
            var outerRoot = walk.RealRoot;
            walk.RealRoot = RealPath.Of(configured.FullPath) ?? configured.FullPath;
            WalkDirectory(walk, configured.FullPath, configured.Layout.Name, 0, configured.Layout);
            walk.RealRoot = outerRoot;
        }
        var stats = new ScanStats
        {
            At = time.GetUtcNow(),
            Duration = clock.Elapsed,
            DirectoryExists = true,
            Files = walk.Entries.Count,
            HeadersRead = walk.HeadersRead,
            FromCache = walk.FromCache,
            Invalid = walk.Entries.Count(e => !e.IsValid),
            Skipped = walk.Skipped,
        };
        return new ScanResult(walk.Entries, walk.NewCache, stats);
    }

    private void WalkDirectory(Walk walk, string directory, string relative, int depth, ModelLayout.Folder? forced)
    {
        FileSystemInfo[] children;
        try
        {
            children = new DirectoryInfo(directory).GetFileSystemInfos();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            walk.Skip(relative.Length == 0 ? "." : relative, $"unreadable folder: {ex.Message}");
            return;
        }
        Array.Sort(children, (a, b) => string.CompareOrdinal(a.Name, b.Name));

        foreach (var child in children)
        {
            if (child.Name.StartsWith('.'))
                continue;
            var rel = relative.Length == 0 ? child.Name : $"{relative}/{child.Name}";
            string? target = null;
            if (child.LinkTarget is not null)
            {
                target = RealPath.Of(child.FullName);
                if (target is null)
                {
                    walk.Skip(rel, "dangling symbolic link");
                    continue;
                }
                var inside = RealPath.IsInside(target, walk.RealRoot);
                if (!inside && !_options.FollowSymlinksOutside)
                {
                    walk.Skip(rel, "symbolic link to outside the models directory (set Sds:Models:FollowSymlinksOutside to follow it)");
                    continue;
                }
                if (Directory.Exists(target))
                {
                    if (inside)
                    {
                        walk.Skip(rel, "symbolic link to a folder inside the models directory (listed under its real path)");
                        continue;
                    }
                    if (depth + 1 < _options.MaxDepth && walk.VisitedLinkedFolders.Add(target))
                        WalkDirectory(walk, child.FullName, rel, depth + 1, walk.ForcedFolder(rel) ?? forced);
                    continue;
                }
            }
            else if (child is DirectoryInfo)
            {
                if (depth + 1 < _options.MaxDepth)
                    WalkDirectory(walk, child.FullName, rel, depth + 1, walk.ForcedFolder(rel) ?? forced);
                continue;
            }
            ConsiderFile(walk, child.FullName, target ?? child.FullName, rel, forced);
        }
    }

    private void ConsiderFile(Walk walk, string path, string statPath, string relative, ModelLayout.Folder? forced)
    {
        var slash = relative.IndexOf('/');
        var folder = forced ?? (slash > 0 ? ModelLayout.FolderFor(relative[..slash]) : null);
        var extension = Path.GetExtension(relative);
        var allowed = folder?.Extensions ?? ModelLayout.ModelExtensions;
        if (!allowed.Contains(extension, StringComparer.OrdinalIgnoreCase))
            return;

        FileInfo info;
        try
        {
            info = new FileInfo(statPath);
            if (!info.Exists)
                return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            walk.Skip(relative, $"cannot read: {ex.Message}");
            return;
        }

        if (!walk.Listed.Add(relative))
        {
            walk.Skip(path, $"another file is already listed as {relative}");
            return;
        }

        var size = info.Length;
        var modified = info.LastWriteTimeUtc.Ticks;
        ModelEntry entry;
        if (walk.OldCache.TryGetValue(path, out var cached) && cached.Size == size && cached.ModifiedTicks == modified
            && cached.Entry.RelativePath == relative)
        {
            entry = cached.Entry;
            walk.FromCache++;
        }
        else
        {
            entry = Describe(path, relative, folder, size, new DateTimeOffset(modified, TimeSpan.Zero));
            walk.HeadersRead++;
            if (!entry.IsValid)
                logger.LogWarning("Model file {ModelPath} is invalid: {Reason}", relative, entry.Invalid);
        }
        walk.Entries.Add(entry);
        walk.NewCache[path] = new ScanCacheItem(size, modified, entry);
    }

    /// <summary>Reads one file's header and detects what it is; never throws.</summary>
    public static ModelEntry Describe(string path, string relative, ModelLayout.Folder? folder, long size, DateTimeOffset modifiedAt)
    {
        var extension = Path.GetExtension(relative);
        var read = ModelHeaderReader.Read(path);
        var header = read.Header;
        var detection = header is null ? ModelDetection.Unknown(read.Invalid!) : ArchitectureDetector.Detect(header, Path.GetFileName(relative));
        var detectedType = TypeOf(detection);
        var type = folder?.Type ?? detectedType;
        var warnings = new List<string>();
        if (folder is not null && detection.Architecture != ModelArchitecture.Unknown && !Compatible(folder.Type, detectedType))
            warnings.Add($"detected {Architectures.Get(detection.Architecture).DisplayName}, which belongs in {ModelLayout.FolderOf(detectedType).Name}/, not {folder.Name}/");
        if (header is { Format: ModelFileFormat.Safetensors or ModelFileFormat.Gguf } && header.FileLength > header.DataEnd)
            warnings.Add($"{header.FileLength - header.DataEnd} bytes after the last tensor's data");

        return new ModelEntry
        {
            Id = "",
            Name = Path.GetFileNameWithoutExtension(relative),
            RelativePath = relative,
            FullPath = path,
            Type = type,
            Size = size,
            ModifiedAt = modifiedAt,
            Format = header?.Format ?? GuessFormat(extension),
            Invalid = read.Invalid,
            Detection = detection,
            TensorCount = header?.Tensors.Count ?? 0,
            Metadata = KeepMetadata(header?.Metadata),
            DataEnd = header?.DataEnd ?? 0,
            Warnings = warnings,
        };
    }

    /// <summary>The type a file outside the known folders gets from what it is.</summary>
    public static ModelType TypeOf(ModelDetection detection)
    {
        var info = Architectures.Get(detection.Architecture);
        return info.Role switch
        {
            ModelRole.DiffusionModel => detection.FullCheckpoint || info.Loading == LoadingMethod.ModelPath ? ModelType.Checkpoint : ModelType.DiffusionModel,
            ModelRole.TextEncoder => ModelType.TextEncoder,
            ModelRole.Vae => ModelType.Vae,
            ModelRole.Taesd => ModelType.Taesd,
            ModelRole.Upscaler => ModelType.Esrgan,
            ModelRole.ControlNet => ModelType.Controlnet,
            ModelRole.Lora => ModelType.Lora,
            ModelRole.PhotoMaker => ModelType.Photomaker,
            ModelRole.ClipVision => ModelType.ClipVision,
            ModelRole.Embedding => ModelType.Embedding,
            _ => ModelType.Checkpoint,
        };
    }

    private static bool Compatible(ModelType folder, ModelType detected) =>
        folder == detected
        || (folder is ModelType.Checkpoint or ModelType.DiffusionModel && detected is ModelType.Checkpoint or ModelType.DiffusionModel)
        || (folder is ModelType.Esrgan or ModelType.Upscaler && detected is ModelType.Esrgan or ModelType.Upscaler);

    private static ModelFileFormat GuessFormat(string extension) => extension.ToLowerInvariant() switch
    {
        ".safetensors" or ".sft" => ModelFileFormat.Safetensors,
        ".gguf" => ModelFileFormat.Gguf,
        ".ckpt" or ".pt" or ".pth" or ".bin" => ModelFileFormat.Pickle,
        ".json" or ".yaml" or ".yml" or ".txt" => ModelFileFormat.Text,
        _ => ModelFileFormat.Unknown,
    };

    private static Dictionary<string, string> KeepMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is null)
            return kept;
        foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (kept.Count >= MaxMetadataEntries)
                break;
            if (NoisyMetadataPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                continue;
            kept[key] = value.Length <= MaxMetadataValue ? value : value[..MaxMetadataValue] + "...";
        }
        return kept;
    }

    private sealed class Walk(string realRoot, IReadOnlyDictionary<string, ScanCacheItem> oldCache, IReadOnlyList<ConfiguredFolder> configured)
    {
        /// <summary>The canonical folder being walked: the models directory, or a type's folder outside it.</summary>
        public string RealRoot { get; set; } = realRoot;
        public IReadOnlyList<ConfiguredFolder> Configured { get; } = configured;
        public HashSet<string> Listed { get; } = new(StringComparer.Ordinal);
        public IReadOnlyDictionary<string, ScanCacheItem> OldCache { get; } = oldCache;
        public List<ModelEntry> Entries { get; } = [];
        public Dictionary<string, ScanCacheItem> NewCache { get; } = new(StringComparer.Ordinal);
        public HashSet<string> VisitedLinkedFolders { get; } = new(StringComparer.Ordinal);
        public List<string> Skipped { get; } = [];
        public int HeadersRead { get; set; }
        public int FromCache { get; set; }

        public void Skip(string relative, string why) => Skipped.Add($"{relative}: {why}");

        /// <summary>The type whose configured folder is exactly <paramref name="relative"/> below the models directory.</summary>
        public ModelLayout.Folder? ForcedFolder(string relative) =>
            Configured.FirstOrDefault(c => string.Equals(c.RelativePrefix, relative, StringComparison.Ordinal))?.Layout;
    }
}
