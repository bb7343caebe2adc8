namespace SdSupervised.Supervisor.Configuration;

public enum EngineSelection
{
    /// <summary>Native when the library resolves, otherwise synthetic with a loud warning.</summary>
    Auto,
    /// <summary>Never falls back: a missing library leaves the server up but degraded.</summary>
    Native,
    Synthetic,
}
