using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Models;

/// <summary>The model catalog's options, section <c>Sds:Models</c> (the directory itself is <c>--models-dir</c>).</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Sds:Models";

    /// <summary>Follow symbolic links whose target lies outside the models directory. Off: such links are skipped.</summary>
    public bool FollowSymlinksOutside { get; set; }

    /// <summary>Rescan when files change (inotify). Off: only at start and on POST /api/models/refresh.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Quiet time after the last file-system change before a rescan, so a copy in progress triggers one scan.</summary>
    [Range(50, 600_000)]
    public int WatchDebounceMs { get; set; } = 1000;

    /// <summary>How deep folders are walked below the models directory.</summary>
    [Range(1, 64)]
    public int MaxDepth { get; set; } = 8;

    /// <summary>How long a name lookup waits for the first scan after start before answering from an empty catalog.</summary>
    [Range(0, 600)]
    public int FirstScanWaitSeconds { get; set; } = 10;

    /// <summary>
    /// A folder per model type, relative to the models directory or absolute (<c>--checkpoints DIR</c>,
    /// <c>--lora-dir DIR</c>...): keys are type names ("checkpoint", "lora", "vae"). Added to the default layout.
    /// </summary>
    public Dictionary<string, string> Folders { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
