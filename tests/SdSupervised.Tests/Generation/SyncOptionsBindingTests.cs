using Microsoft.Extensions.Configuration;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Generation.Sync;

namespace SdSupervised.Tests.Generation;

/// <summary><c>Sds:Sync:OnDisconnect</c> binds <c>Keep</c>/<c>Cancel</c> (any case), is null when unset, and refuses anything else.</summary>
public sealed class SyncOptionsBindingTests
{
    [Theory]
    [InlineData("Keep", DisconnectPolicy.Keep)]
    [InlineData("cancel", DisconnectPolicy.Cancel)]
    [InlineData(null, null)]
    public void Binds_the_policy(string? value, DisconnectPolicy? expected) =>
        Assert.Equal(expected, Bind(value).Sync.OnDisconnect);

    [Fact]
    public void Refuses_an_unknown_policy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind("abort"));
        // Program.cs turns this binder failure into a clear start-up error.
        Assert.StartsWith("Failed to convert configuration value", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sds:Sync:OnDisconnect", error.Message, StringComparison.Ordinal);
    }

    private static SupervisorOptions Bind(string? value)
    {
        var values = new Dictionary<string, string?>();
        if (value is not null)
            values["Sds:Sync:OnDisconnect"] = value;
        var options = new SupervisorOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SupervisorOptions.SectionName).Bind(options);
        return options;
    }
}
