using Microsoft.Extensions.Configuration;
using SdSupervised.Supervisor.Hosting;

namespace SdSupervised.Tests.Hosting;

public sealed class ConfigurationOrderTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sds-config-{Guid.NewGuid():N}.json");

    [Fact]
    public void Config_file_beats_appsettings_but_environment_and_command_line_beat_the_file()
    {
        File.WriteAllText(_file, """{"Sds":{"Port":1000,"Host":"10.0.0.1","DataDir":"/from/file"}}""");
        var variable = $"SDS_TEST_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable($"{variable}__Sds__Port", "2000");
        try
        {
            var builder = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Sds:Port"] = "1", ["Sds:Host"] = "appsettings", ["Sds:DataDir"] = "appsettings" })
                .AddEnvironmentVariables($"{variable}__");
            ConfigurationOrder.InsertBeforeEnvironment(builder, _file);
            builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Sds:DataDir"] = "/from/command/line" });

            var configuration = builder.Build();

            Assert.Equal("2000", configuration["Sds:Port"]);
            Assert.Equal("10.0.0.1", configuration["Sds:Host"]);
            Assert.Equal("/from/command/line", configuration["Sds:DataDir"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{variable}__Sds__Port", null);
        }
    }

    public void Dispose() => File.Delete(_file);
}
