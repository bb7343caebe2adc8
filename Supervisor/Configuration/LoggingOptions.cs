namespace SdSupervised.Supervisor.Configuration;

/// <summary>Console log format and an optional rolling file (<c>Sds:Logging</c>).</summary>
public sealed class LoggingOptions
{
    /// <summary>auto (journald form when stdout is the journal, else text), text, journald, json.</summary>
    public string Format { get; set; } = "auto";
    /// <summary>Rolling log file path (a date is added per day); empty = no file.</summary>
    public string? File { get; set; }
    public int RetainedFiles { get; set; } = 14;
}
