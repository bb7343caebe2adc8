namespace SdSupervised.Worker.Native;

/// <summary><c>enum sd_log_level_t</c>.</summary>
public enum SdLogLevel
{
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}
