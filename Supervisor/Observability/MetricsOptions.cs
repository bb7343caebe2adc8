using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Observability;

/// <summary>Prometheus metrics settings, section <c>Sds:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Sds:Metrics";
    public const string Path = "/metrics";

    /// <summary>Off: <c>/metrics</c> answers anyone who can reach the port (loopback by default). On: a principal with <see cref="Role"/>.</summary>
    public bool RequireAuth { get; set; }

    /// <summary>With <see cref="RequireAuth"/>: <c>user</c> (any principal) or <c>admin</c>.</summary>
    [RegularExpression("^(user|admin)$", ErrorMessage = "Sds:Metrics:Role must be 'user' or 'admin'")]
    public string Role { get; set; } = "user";

    /// <summary>How often <c>nvidia-smi</c> is asked for GPU memory and utilisation; 0 turns GPU metrics off. Skipped when it is not installed.</summary>
    [Range(0, 3600)]
    public int GpuPollSeconds { get; set; } = 15;

    /// <summary>How often the outputs folder is measured (a directory walk); 0 turns the outputs-bytes gauge off.</summary>
    [Range(0, 86_400)]
    public int OutputsScanSeconds { get; set; } = 300;
}
