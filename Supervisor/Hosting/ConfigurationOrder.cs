using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace SdSupervised.Supervisor.Hosting;

/// <summary>
/// Places the <c>--config</c> file above appsettings.json and below environment variables, so a systemd drop-in's
/// <c>Environment=SDS__...</c> still overrides the shipped configuration file (the command line stays on top).
/// </summary>
public static class ConfigurationOrder
{
    public static void InsertBeforeEnvironment(IConfigurationBuilder configuration, string jsonFile)
    {
        var source = new JsonConfigurationSource { Path = jsonFile, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        // The web host adds ASPNETCORE_ and DOTNET_ prefixed environment sources before appsettings.json; the one that
        // carries SDS__ is the unprefixed source after it. Inserting before the first environment source of any kind
        // put the file under appsettings.json, which then won every key both set.
        var index = -1;
        for (var i = 0; i < configuration.Sources.Count; i++)
            if (configuration.Sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" }) { index = i; break; }
        if (index < 0)
            configuration.Sources.Add(source);
        else
            configuration.Sources.Insert(index, source);
    }
}
