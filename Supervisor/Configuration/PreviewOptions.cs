using System.ComponentModel.DataAnnotations;

namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// Live previews of running generations (<c>Sds:Previews</c>): a small picture every few steps, shown in SSE
/// <c>preview</c> events and A1111's <c>current_image</c>. Off by default: the projection costs a little per step.
/// </summary>
public sealed class PreviewOptions
{
    public bool Enabled { get; set; }
    [Range(1, 1000)] public int EverySteps { get; set; } = 5;
}
