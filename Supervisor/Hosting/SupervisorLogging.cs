using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>
/// Serilog setup. Under systemd (stdout is the journal) lines carry a syslog priority prefix and no timestamp,
/// since journald stamps them; <c>json</c> keeps every structured property. Levels are overridable under
/// <c>Serilog:MinimumLevel</c>; <c>Sds:Logging:File</c> adds a rolling file.
/// </summary>
public static class SupervisorLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    public const string JournaldTemplate = "<{SyslogPriority}>{Message:lj}{NewLine}{Exception}";
    public const string FileTemplate = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}";

    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        var options = configuration.GetSection($"{SupervisorOptions.SectionName}:Logging").Get<LoggingOptions>() ?? new LoggingOptions();
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();

        switch (ResolveFormat(options.Format))
        {
            case "json":
                logger.WriteTo.Console(new CompactJsonFormatter());
                break;
            case "journald":
                logger.Enrich.With<SyslogPriorityEnricher>()
                    .WriteTo.Console(outputTemplate: JournaldTemplate, formatProvider: CultureInfo.InvariantCulture);
                break;
            default:
                logger.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
                break;
        }
        if (!string.IsNullOrWhiteSpace(options.File))
            logger.WriteTo.File(Path.GetFullPath(options.File), outputTemplate: FileTemplate, formatProvider: CultureInfo.InvariantCulture,
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: Math.Max(1, options.RetainedFiles));
        return logger;
    }

    /// <summary>systemd sets JOURNAL_STREAM when stdout/stderr are connected to the journal.</summary>
    public static string ResolveFormat(string? format) => (format ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" or "" => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM")) ? "text" : "journald",
        var other => other,
    };

    public static Serilog.ILogger CreateBootstrapLogger() =>
        new LoggerConfiguration()
            .Enrich.With<SyslogPriorityEnricher>()
            .WriteTo.Console(outputTemplate: ResolveFormat("auto") == "journald" ? JournaldTemplate : ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
}
