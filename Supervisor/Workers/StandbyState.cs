namespace SdSupervised.Supervisor.Workers;

/// <summary>A slot's warm standby worker: none configured (or it could not start), starting, or handshaken and waiting.</summary>
public enum StandbyState
{
    None,
    Starting,
    Ready,
}
