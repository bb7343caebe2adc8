using Serilog.Events;
using SdSupervised.Supervisor.Hosting;

namespace SdSupervised.Tests.Systemd;

public sealed class LoggingAndHealthTests
{
    [Theory]
    [InlineData(LogEventLevel.Fatal, 2)]
    [InlineData(LogEventLevel.Error, 3)]
    [InlineData(LogEventLevel.Warning, 4)]
    [InlineData(LogEventLevel.Information, 6)]
    [InlineData(LogEventLevel.Debug, 7)]
    [InlineData(LogEventLevel.Verbose, 7)]
    public void Serilog_levels_map_to_syslog_priorities(LogEventLevel level, int priority) =>
        Assert.Equal(priority, SyslogPriorityEnricher.Priority(level));

    [Theory]
    [InlineData("text", "text")]
    [InlineData("JSON", "json")]
    [InlineData(" journald ", "journald")]
    public void Explicit_log_formats_are_kept(string configured, string expected) =>
        Assert.Equal(expected, SupervisorLogging.ResolveFormat(configured));
}
