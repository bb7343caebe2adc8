using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Storage;

/// <summary>Free-space guard settings, section <c>Sds:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Sds:Storage";

    /// <summary>
    /// New jobs are refused (507 <c>storage_full</c>) while the data dir's file system has this little space left, before
    /// the disk is actually full: a job accepted then could not write its outputs. 0: refuse only once nothing is left.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MinFreeBytes { get; set; } = 256L * 1024 * 1024;
}
