using Microsoft.Extensions.Configuration;
using SdSupervised.Supervisor.Configuration;

namespace SdSupervised.Tests.Supervisor;

public sealed class ScalarListsTests
{
    private static SupervisorOptions Bind(Dictionary<string, string?> values)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SupervisorOptions.SectionName);
        var options = section.Get<SupervisorOptions>() ?? new SupervisorOptions();
        ScalarLists.Apply(section, options);
        return options;
    }

    [Fact]
    public void A_list_given_one_value_is_read_as_a_comma_separated_list()
    {
        var options = Bind(new() { ["Sds:Http:CorsOrigins"] = "*", ["Sds:Http:KnownProxies"] = "10.0.0.1, 10.0.0.0/8" });
        Assert.Equal(["*"], options.Http.CorsOrigins);
        Assert.Equal(["10.0.0.1", "10.0.0.0/8"], options.Http.KnownProxies);
    }

    [Fact]
    public void A_single_value_adds_to_indexed_entries_without_repeating_them()
    {
        var options = Bind(new()
        {
            ["Sds:ImageImport:AllowedNetworks:0"] = "10.1.2.0/24",
            ["Sds:ImageImport:AllowedNetworks"] = "10.1.2.0/24,192.168.7.7",
        });
        Assert.Equal(["10.1.2.0/24", "192.168.7.7"], options.ImageImport.AllowedNetworks);
    }

    [Fact]
    public void Indexed_lists_alone_bind_as_before()
    {
        var options = Bind(new() { ["Sds:Http:CorsOrigins:0"] = "http://a.example", ["Sds:Http:CorsOrigins:1"] = "http://b.example" });
        Assert.Equal(["http://a.example", "http://b.example"], options.Http.CorsOrigins);
    }
}
