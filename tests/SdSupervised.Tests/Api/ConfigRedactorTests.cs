using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SdSupervised.Supervisor.Configuration;
using SdSupervised.Supervisor.Operations;

namespace SdSupervised.Tests.Api;

public sealed class ConfigRedactorTests
{
    [Theory]
    [InlineData("api_key", true)]
    [InlineData("ApiKey", true)]
    [InlineData("client_secret", true)]
    [InlineData("Password", true)]
    [InlineData("hf_token", true)]
    [InlineData("port", false)]
    [InlineData("models_dir", false)]
    [InlineData("max_steps", false)]
    public void Secret_names_are_recognised_by_their_words(string name, bool secret) =>
        Assert.Equal(secret, ConfigRedactor.IsSecret(name));

    [Fact]
    public void Secrets_are_masked_at_any_depth_and_everything_else_is_kept()
    {
        var node = JsonNode.Parse("""
            {
              "port": 8080,
              "api_key": "abc",
              "nested": { "db_password": "hunter2", "host": "x", "tokens": [1, 2], "empty_secret": null },
              "list": [ { "access_token": "t", "name": "n" } ]
            }
            """);

        var redacted = ConfigRedactor.Redact(node)!;

        Assert.Equal(8080, (int)redacted["port"]!);
        Assert.Equal("***", (string?)redacted["api_key"]);
        Assert.Equal("***", (string?)redacted["nested"]!["db_password"]);
        Assert.Equal("x", (string?)redacted["nested"]!["host"]);
        Assert.Equal("***", (string?)redacted["nested"]!["tokens"]);
        Assert.Null(redacted["nested"]!["empty_secret"]);
        Assert.Equal("***", (string?)redacted["list"]![0]!["access_token"]);
        Assert.Equal("n", (string?)redacted["list"]![0]!["name"]);
    }

    [Fact]
    public void Effective_configuration_uses_the_api_names_and_the_bound_values()
    {
        var options = new SupervisorOptions { Port = 9123 };
        options.Slots["w0"] = new SlotOverrideOptions { Engine = "synthetic" };

        var config = new EffectiveConfiguration(Options.Create(options)).Get();

        Assert.Equal(9123, (int)config["port"]!);
        Assert.Equal(options.Limits.MaxSteps, (int)config["limits"]!["max_steps"]!);
        Assert.Equal(options.Resilience.ShutdownGraceSeconds, (int)config["resilience"]!["shutdown_grace_seconds"]!);
        Assert.Equal("synthetic", (string?)config["slots"]!["w0"]!["engine"]);
    }
}
