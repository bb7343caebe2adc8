using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>
/// The configuration sources the server reads, in order: appsettings.json beside the executable &lt; <c>--config</c> &lt;
/// environment (<c>SDS__</c>) &lt; command line. Shared by the server and the subcommands that run without the host (<c>keys</c>, <c>users</c>).
/// </summary>
public static class SupervisorConfiguration
{
    /// <summary>Adds the <c>--config</c> file (below the environment) and the command line (on top) to a builder that has the rest.</summary>
    public static void AddCommandLine(IConfigurationBuilder configuration, CommandLineResult commandLine)
    {
        if (commandLine.Values.TryGetValue("Sds:ConfigFile", out var configFile) && configFile is not null)
        {
            if (!File.Exists(configFile))
                throw new OptionsValidationException(SupervisorOptions.SectionName, typeof(SupervisorOptions), [$"--config '{configFile}' does not exist."]);
            ConfigurationOrder.InsertBeforeEnvironment(configuration, Path.GetFullPath(configFile));
        }
        configuration.AddInMemoryCollection(commandLine.Values);
    }

    /// <summary>The whole configuration, without a host.</summary>
    public static IConfiguration Build(CommandLineResult commandLine)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        AddCommandLine(builder, commandLine);
        return builder.Build();
    }
}
