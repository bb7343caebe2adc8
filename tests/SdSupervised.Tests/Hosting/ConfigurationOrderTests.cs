using Microsoft.Extensions.Configuration;
using SdSupervised.Supervisor.Hosting;

namespace SdSupervised.Tests.Hosting;

public sealed class ConfigurationOrderTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sds-config-{Guid.NewGuid():N}.json");

    public static TheoryData<string> Keys => new()
    {
        "Sds:Port", "Sds:Host", "Sds:DataDir", "Sds:ModelsDir", "Sds:Workers", "Sds:Resilience:MaxAttempts",
        "Sds:Resilience:StallTimeoutSeconds", "Sds:Resilience:CancelGraceSeconds", "Sds:Resilience:ShutdownGraceSeconds",
    };

    /// <summary>
    /// The web host's own order: ASPNETCORE_/DOTNET_ environment sources before appsettings.json, the unprefixed one
    /// (which carries SDS__) after it. With the layers up to each one set, that one wins: each beats all below it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_key_follows_appsettings_then_config_file_then_environment_then_command_line(string key)
    {
        // The key under a unique root, so the real environment variable this sets touches no other test.
        var root = $"SdsOrderTest{Guid.NewGuid():N}";
        var scoped = $"{root}:{key}";
        var envName = scoped.Replace(":", "__", StringComparison.Ordinal);
        string[] layers = ["appsettings", "config", "environment", "command line"];
        try
        {
            for (var top = 0; top < layers.Length; top++)
            {
                File.WriteAllText(_file, top >= 1 ? Nested(scoped, "config") : "{}");
                Environment.SetEnvironmentVariable(envName, top >= 2 ? "environment" : null);
                var builder = new ConfigurationBuilder()
                    .AddEnvironmentVariables("ASPNETCORE_")
                    .AddEnvironmentVariables("DOTNET_")
                    .AddInMemoryCollection(new Dictionary<string, string?> { [scoped] = "appsettings" })
                    .AddEnvironmentVariables();
                ConfigurationOrder.InsertBeforeEnvironment(builder, _file);
                if (top >= 3) builder.AddInMemoryCollection(new Dictionary<string, string?> { [scoped] = "command line" });
                Assert.Equal(layers[top], builder.Build()[scoped]);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(envName, null);
        }
    }

    private static string Nested(string key, string value) =>
        key.Split(':').Reverse().Aggregate($"\"{value}\"", (inner, part) => $"{{\"{part}\":{inner}}}");

    public void Dispose() => File.Delete(_file);
}
