namespace SdSupervised.Supervisor.Configuration;

/// <summary>
/// Warm standby (<c>Sds:Standby</c>): each slot keeps a second worker started and handshaken but holding no model,
/// so after a crash or recycle only the model load is left. Costs one idle process (and its device context) per slot.
/// </summary>
public sealed class StandbyOptions
{
    public bool Enabled { get; set; }
}
