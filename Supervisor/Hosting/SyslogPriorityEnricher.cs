using Serilog.Core;
using Serilog.Events;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>Adds <c>SyslogPriority</c> so journald gets each line's level from a <c>&lt;N&gt;</c> prefix (sd-daemon(3)).</summary>
public sealed class SyslogPriorityEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("SyslogPriority", Priority(logEvent.Level)));

    public static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };
}
